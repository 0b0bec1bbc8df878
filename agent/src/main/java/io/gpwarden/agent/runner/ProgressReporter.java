package io.gpwarden.agent.runner;

import io.gpwarden.agent.metrics.IngestMetrics;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints one progress line per interval: rows/s since the last line, totals, batches, rejected
 * records, lag per partition and the state. On a terminal every interval; otherwise (logs) every
 * fifth one.
 */
final class ProgressReporter implements Runnable {
    private final IngestMetrics metrics;
    private final PrintStream out;
    private final long intervalMillis;
    private volatile boolean running = true;

    ProgressReporter(IngestMetrics metrics, PrintStream out, long intervalMillis) {
        this.metrics = metrics;
        this.out = out;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void run() {
        long lastRows = metrics.rowsWritten() + metrics.rejected();
        long lastNanos = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            long rows = metrics.rowsWritten() + metrics.rejected();
            long now = System.nanoTime();
            out.println(line(rows - lastRows, now - lastNanos));
            lastRows = rows;
            lastNanos = now;
        }
    }

    String line(long rowsDelta, long nanosDelta) {
        double rate = nanosDelta <= 0 ? 0 : rowsDelta * 1e9 / nanosDelta;
        Map<Integer, Long> lag = metrics.lag();
        String lagText = lag.isEmpty() ? "-" : lag.entrySet().stream()
                .map(e -> "p" + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        String state = metrics.state().name();
        if (metrics.state() == IngestMetrics.State.RETRYING) {
            state += " (" + metrics.lastError() + ")";
        }
        return String.format("%s: %,.0f rows/s, %,d rows, %,d batches, %,d rejected, lag %s, %s",
                metrics.job(), rate, metrics.rowsWritten(), metrics.batches(), metrics.rejected(), lagText, state);
    }

    void stop() {
        running = false;
    }
}
