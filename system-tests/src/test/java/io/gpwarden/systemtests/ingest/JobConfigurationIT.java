package io.gpwarden.systemtests.ingest;

import io.gpwarden.agent.it.Events;
import io.gpwarden.agent.it.IngestCluster;
import io.gpwarden.agent.it.InsertLoadIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.cli.agent.AgentMain;
import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.pipeline.IngestPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad job files, a wrong password and a broken ERROR_LIMIT, against the real servers. */
class JobConfigurationIT {
    static IngestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = IngestCluster.get();
        cluster.createTopic("cfg", 1);
        cluster.sql(IngestCluster.eventsTable("cfg"), "CREATE TABLE y (a int)");
    }

    private static String[] runCli(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int rc = AgentMain.run(args);
            return new String[] {Integer.toString(rc), buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void unsupportedKeyAndInjectedTableNameExitTwoNamingTheLine() throws Exception {
        Path unsupported = cluster.jobFile("cfg-unsupported", "cfg", "cfg", IngestCluster.JSON_VALUE
                + "      AVRO_OPTION:\n        BYTES_TO_BASE64: true\n", IngestCluster.EVENT_MAPPING, "", "    MAX_ROW: 10\n");
        String[] r = runCli("load", unsupported.toString(), "--quit-at-eof");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains(unsupported + ":17: KAFKA.INPUT.VALUE.AVRO_OPTION: not supported by gpwarden: 'AVRO_OPTION'");

        Path injected = cluster.jobFile("cfg-injected", "cfg", "x; drop table y", IngestCluster.JSON_VALUE,
                IngestCluster.EVENT_MAPPING, "", "    MAX_ROW: 10\n");
        r = runCli("load", injected.toString(), "--quit-at-eof");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("KAFKA.OUTPUT.TABLE: 'x; drop table y' is not a plain SQL identifier");
        assertThat(cluster.count("SELECT count(*) FROM pg_class WHERE relname = 'y'")).isEqualTo(1);

        Path textIntoInt = cluster.jobFile("cfg-text", "cfg", "cfg", IngestCluster.JSON_VALUE,
                "    MAPPING:\n      - NAME: qty\n        EXPRESSION: j->>'qty'\n", "", "    MAX_ROW: 10\n");
        IngestPipeline.Result res = InsertLoadIT.load(textIntoInt, true);
        assertThat(res.state()).isEqualTo(IngestMetrics.State.ERROR);
        assertThat(res.message()).contains("MAPPING qty: j->>'qty' is text but the column is integer; write (j->>'qty')::integer");
    }

    @Test
    void wrongPasswordIsAConfigurationErrorRetriedSlowlyAndNeverPrinted() throws Exception {
        Path job = cluster.jobFile("cfg-password", "cfg", "cfg", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING, "",
                "    MAX_ROW: 10\n");
        Path log = Files.createTempFile("agent-password-", ".log");
        String wrong = "not-the-password-" + System.nanoTime();
        try (AgentProcess agent = AgentProcess.start(log, wrong, "load", job.toString(), "--quit-at-eof")) {
            Thread.sleep(14_000);
            assertThat(agent.isAlive()).as(agent.output()).isTrue();
            agent.kill9();
        }
        String out = Files.readString(log);
        List<String> attempts = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("configuration error") && line.contains("password authentication failed")) {
                attempts.add(line);
            }
        }
        assertThat(attempts).as(out).isNotEmpty().hasSizeLessThanOrEqualTo(4);
        assertThat(out).doesNotContain(wrong).doesNotContain(cluster.password());
    }

    @Test
    void errorLimitStopsTheJobNamingTheLimitAndWhereTheRejectedRowsAre() throws Exception {
        cluster.createTopic("errlimit", 1);
        cluster.sql(IngestCluster.eventsTable("errlimit"));
        List<byte[]> values = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            values.add(IngestCluster.utf8(i % 20 == 0 ? "{\"id\": " + i + ", \"qty\": \"many\"}" : Events.event(i, new java.util.Random(i))));
        }
        cluster.produce("errlimit", 1, values);
        Path job = cluster.jobFile("errlimit", "errlimit", "errlimit", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "    ERROR_LIMIT: 5\n", "    MAX_ROW: 1000\n    MINIMAL_INTERVAL: 5000\n");
        for (int run = 0; run < 2; run++) {
            IngestPipeline.Result r = InsertLoadIT.load(job, true);
            assertThat(r.state()).isEqualTo(IngestMetrics.State.ERROR);
            assertThat(r.message()).contains("ERROR_LIMIT 5 exceeded: 10 of 200 records of one batch rejected")
                    .contains("gpw_meta.gpwarden_errors (job = 'public.errlimit')");
            assertThat(cluster.count("SELECT count(*) FROM errlimit")).isZero();
            assertThat(cluster.count("SELECT count(*) FROM gpw_meta.gpwarden_errors WHERE job = 'public.errlimit'")).isEqualTo(10);
            assertThat(cluster.count("SELECT coalesce(sum(next_offset), 0) FROM gpw_meta.gpwarden_offsets WHERE job = 'public.errlimit'")).isZero();
        }
    }
}
