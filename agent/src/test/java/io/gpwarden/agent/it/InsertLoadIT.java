package io.gpwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.agent.job.JobFiles;
import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.pipeline.IngestPipeline;
import io.gpwarden.agent.pipeline.PipelineOptions;
import io.gpwarden.agent.runner.JobRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** INSERT mode in-process against the real broker and server: ledger with malformed records. */
public class InsertLoadIT {
    public static IngestCluster cluster;

    @BeforeAll
    public static void start() {
        cluster = IngestCluster.get();
        System.setProperty("GPW_UNUSED", "");
    }

    public static IngestPipeline.Result load(Path jobFile, boolean quit) throws Exception {
        return IngestCluster.get().load(jobFile, quit);
    }

    @Test
    public void everyRecordLandsOnceInTheTableOrTheErrorTable() throws Exception {
        cluster.createTopic("ins1", 4);
        cluster.sql(IngestCluster.eventsTable("ins1"));
        int n = 20_000;
        List<byte[]> values = Events.withMalformed(1, n, 7);
        cluster.produce("ins1", 4, values);
        Path job = cluster.jobFile("ins1", "ins1", "ins1", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "    ERROR_LIMIT: 5%\n", "    MAX_ROW: 3000\n");
        IngestPipeline.Result r = load(job, true);
        assertThat(r.state()).as(r.message()).isEqualTo(IngestMetrics.State.STOPPED);

        long rows = cluster.count("SELECT count(*) FROM ins1");
        long distinct = cluster.count("SELECT count(DISTINCT id) FROM ins1");
        long errors = cluster.count("SELECT count(*) FROM gpw_meta.gpwarden_errors WHERE job = 'public.ins1'");
        assertThat(distinct).isEqualTo(rows);
        assertThat(rows + errors).isEqualTo(n);
        assertThat(errors).isEqualTo(n / 100);
        assertThat(cluster.count("SELECT count(*) FROM ins1 WHERE note = 'Robert''); DROP TABLE students;-- \\ ' || chr(9) || ' tab ' || id || ' ok'"))
                .isEqualTo(n / 100);
        assertThat(cluster.rows("SELECT error FROM gpw_meta.gpwarden_errors WHERE job = 'public.ins1' ORDER BY error"))
                .extracting(l -> l.get(0).replaceAll("\"[^\"]*\"", "\"..\"").replaceAll(":.*", ""))
                .containsOnly("invalid input syntax for type json", "invalid input syntax for type integer",
                        "unsupported Unicode escape sequence", "invalid input syntax for type timestamp with time zone");
        assertThat(cluster.count("SELECT sum(next_offset) FROM gpw_meta.gpwarden_offsets WHERE job = 'public.ins1'")).isEqualTo(n);

        IngestPipeline.Result again = load(job, true);
        assertThat(again.state()).isEqualTo(IngestMetrics.State.STOPPED);
        assertThat(cluster.count("SELECT count(*) FROM ins1")).isEqualTo(rows);
    }

    @Test
    public void storedOffsetOutsideRetentionResumesAtFallbackOffsetAndCountsTheSkipped() throws Exception {
        cluster.createTopic("fallback", 1);
        cluster.sql(IngestCluster.eventsTable("fallback"));
        java.util.Random r = new java.util.Random(1);
        List<byte[]> first = new java.util.ArrayList<>();
        List<byte[]> second = new java.util.ArrayList<>();
        for (int id = 1; id <= 200; id++) {
            (id <= 100 ? first : second).add(IngestCluster.utf8(Events.event(id, r)));
        }
        cluster.produce("fallback", 1, first);
        Path job = cluster.jobFile("fallback", "fallback", "fallback", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "", "    MAX_ROW: 1000\n");
        assertThat(load(job, true).state()).isEqualTo(IngestMetrics.State.STOPPED);
        cluster.produce("fallback", 1, second);
        // Retention removes offsets 0..149: the stored offset (100) is no longer in the log.
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka.bootstrapServers()))) {
            admin.deleteRecords(java.util.Map.of(new org.apache.kafka.common.TopicPartition("fallback", 0),
                    org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(150))).all().get();
        }
        IngestPipeline.Result r2 = load(job, true);
        assertThat(r2.state()).as(r2.message()).isEqualTo(IngestMetrics.State.STOPPED);
        assertThat(cluster.count("SELECT count(*) FROM fallback")).isEqualTo(150);
        assertThat(cluster.count("SELECT count(*) FROM fallback WHERE id BETWEEN 101 AND 150")).isZero();
        assertThat(cluster.count("SELECT next_offset FROM gpw_meta.gpwarden_offsets WHERE job = 'public.fallback'")).isEqualTo(200);
    }

    @Test
    public void csvRecordsLoadByColumnNameAndPostBatchSqlRunsInTheBatchTransaction() throws Exception {
        cluster.createTopic("csv1", 1);
        cluster.sql("CREATE TABLE csv1 (id bigint, device text, qty integer, ts timestamptz)",
                "CREATE TABLE csv1_batches (at timestamptz)");
        cluster.produce("csv1", 1, List.of(
                IngestCluster.utf8("1,plain,3,2024-01-01T00:00:00Z"),
                IngestCluster.utf8("2,\"comma, \"\"quoted\"\"\",,2024-01-02T00:00:00Z\n"),
                IngestCluster.utf8("3,tab\there,x7,2024-01-03T00:00:00Z"),
                IngestCluster.utf8("4,ignored-field-missing"),
                IngestCluster.utf8("5,last,5,2024-01-05T00:00:00Z")));
        String value = "    VALUE:\n      COLUMNS:\n"
                + "        - {NAME: id, TYPE: bigint}\n        - {NAME: device, TYPE: text}\n"
                + "        - {NAME: qty, TYPE: integer}\n        - {NAME: ts, TYPE: timestamptz}\n"
                + "      FORMAT: csv\n";
        Path job = cluster.jobFile("csv1", "csv1", "csv1", value, "", "    ERROR_LIMIT: 50%\n",
                "    MAX_ROW: 1000\n  TASK:\n    POST_BATCH_SQL: INSERT INTO csv1_batches VALUES (now())\n    BATCH_INTERVAL: 1\n");
        IngestPipeline.Result res = load(job, true);
        assertThat(res.state()).as(res.message()).isEqualTo(IngestMetrics.State.STOPPED);
        assertThat(cluster.rows("SELECT id, device, qty FROM csv1 ORDER BY id")).containsExactly(
                List.of("1", "plain", "3"), java.util.Arrays.asList("2", "comma, \"quoted\"", null), List.of("5", "last", "5"));
        assertThat(cluster.rows("SELECT kafka_offset, error FROM gpw_meta.gpwarden_errors WHERE job = 'public.csv1' ORDER BY 1"))
                .containsExactly(List.of("2", "invalid input syntax for type integer: \"x7\""),
                        List.of("3", "missing data for column \"qty\""));
        assertThat(cluster.count("SELECT count(*) FROM csv1_batches")).isEqualTo(1);
    }

    @Test
    public void aDatabaseThatTurnsReadOnlyMidLoadIsWaitedOutWithoutLossOrDuplicates() throws Exception {
        int n = 200_000;
        cluster.createTopic("readonly", 2);
        cluster.sql(IngestCluster.eventsTable("readonly"));
        cluster.produce("readonly", 2, Events.withMalformed(1, n, 23));
        Path job = cluster.jobFile("readonly", "readonly", "readonly", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "    ERROR_LIMIT: 10%\n", "    MAX_ROW: 2000\n    MINIMAL_INTERVAL: 200\n");
        java.util.concurrent.atomic.AtomicReference<IngestPipeline.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
        String committed = "SELECT coalesce(sum(next_offset), 0) FROM gpw_meta.gpwarden_offsets WHERE job = 'public.readonly'";
        Thread loader = new Thread(() -> {
            try {
                result.set(load(job, true));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            loader.start();
            long seen = 0;
            while (seen == 0) {
                try {
                    seen = cluster.count(committed);
                } catch (java.sql.SQLException e) {
                    // tables not created yet
                }
                Thread.sleep(5);
            }
            cluster.sql("ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");
            Thread.sleep(1_000);
            long during = cluster.count(committed);
            Thread.sleep(3_000);
            assertThat(loader.isAlive()).as("waiting for the database to accept writes").isTrue();
            assertThat(during).as("stopped mid-load").isLessThan(n);
            assertThat(cluster.count(committed)).as("nothing commits while read-only").isEqualTo(during);
            cluster.sql("ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");
            loader.join(120_000);
            assertThat(loader.isAlive()).isFalse();
        } finally {
            cluster.sql("ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");
        }
        assertThat(result.get().state()).as(result.get().message()).isEqualTo(IngestMetrics.State.STOPPED);
        assertThat(cluster.count(committed)).isEqualTo(n);
        assertThat(cluster.count("SELECT count(*) FROM readonly")).isEqualTo(n - n / 100);
        assertThat(cluster.count("SELECT count(DISTINCT id) FROM readonly")).isEqualTo(n - n / 100);
        assertThat(cluster.count("SELECT count(*) FROM gpw_meta.gpwarden_errors WHERE job = 'public.readonly'")).isEqualTo(n / 100);
    }
}
