package io.gpwarden.agent.metrics;

import java.util.Map;

/** Renders {@link IngestMetrics} in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
    private PrometheusText() {
    }

    public static String render(IngestMetrics m) {
        StringBuilder b = new StringBuilder(2048);
        String labels = "job=\"" + escape(m.job()) + "\",topic=\"" + escape(m.topic()) + "\"";
        counter(b, "gpwarden_ingest_records_read_total", "Kafka records read.", labels, m.recordsRead());
        counter(b, "gpwarden_ingest_rows_written_total", "Rows written to the target table (committed).", labels, m.rowsWritten());
        counter(b, "gpwarden_ingest_records_rejected_total", "Records sent to the error table (committed).", labels, m.rejected());
        counter(b, "gpwarden_ingest_batches_total", "Batches committed.", labels, m.batches());
        counter(b, "gpwarden_ingest_bytes_read_total", "Bytes of record values read.", labels, m.bytesRead());
        counter(b, "gpwarden_ingest_retries_total", "Batches rolled back for a retriable reason.", labels, m.retries());
        counter(b, "gpwarden_ingest_fallback_skipped_total", "Messages skipped because the stored offset left Kafka's retention.", labels, m.skippedByFallback());
        b.append("# HELP gpwarden_ingest_lag_messages Messages in Kafka not yet committed to the database.\n");
        b.append("# TYPE gpwarden_ingest_lag_messages gauge\n");
        for (Map.Entry<Integer, Long> e : m.lag().entrySet()) {
            b.append("gpwarden_ingest_lag_messages{").append(labels).append(",partition=\"").append(e.getKey())
                    .append("\"} ").append(e.getValue()).append('\n');
        }
        b.append("# HELP gpwarden_ingest_state Job state (1 for the current one).\n");
        b.append("# TYPE gpwarden_ingest_state gauge\n");
        for (IngestMetrics.State s : IngestMetrics.State.values()) {
            b.append("gpwarden_ingest_state{").append(labels).append(",state=\"").append(s.name().toLowerCase())
                    .append("\"} ").append(m.state() == s ? 1 : 0).append('\n');
        }
        b.append("# HELP gpwarden_ingest_last_batch_seconds Duration of the last committed batch transaction.\n");
        b.append("# TYPE gpwarden_ingest_last_batch_seconds gauge\n");
        b.append("gpwarden_ingest_last_batch_seconds{").append(labels).append("} ").append(m.lastBatchNanos() / 1e9).append('\n');
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, String labels, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        b.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
