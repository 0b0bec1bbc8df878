package io.gpwarden.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    @Test
    void servesPrometheusTextWithLagPerPartition() throws Exception {
        IngestMetrics m = new IngestMetrics("sales.orders", "orders");
        m.read(10, 1500);
        m.committed(9, 1, 2_000_000);
        m.position(0, 40);
        m.end(0, 52);
        m.position(1, 7);
        m.end(1, 7);
        m.state(IngestMetrics.State.RUNNING, null);
        try (MetricsEndpoint e = new MetricsEndpoint(new InetSocketAddress("127.0.0.1", 0), m)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + e.address().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(r.body())
                    .contains("# TYPE gpwarden_ingest_rows_written_total counter\n")
                    .contains("gpwarden_ingest_rows_written_total{job=\"sales.orders\",topic=\"orders\"} 9\n")
                    .contains("gpwarden_ingest_records_rejected_total{job=\"sales.orders\",topic=\"orders\"} 1\n")
                    .contains("gpwarden_ingest_lag_messages{job=\"sales.orders\",topic=\"orders\",partition=\"0\"} 12\n")
                    .contains("gpwarden_ingest_lag_messages{job=\"sales.orders\",topic=\"orders\",partition=\"1\"} 0\n")
                    .contains("gpwarden_ingest_state{job=\"sales.orders\",topic=\"orders\",state=\"running\"} 1\n")
                    .contains("gpwarden_ingest_state{job=\"sales.orders\",topic=\"orders\",state=\"error\"} 0\n");
        }
    }
}
