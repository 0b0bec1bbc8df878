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
class InsertLoadIT {
    static IngestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = IngestCluster.get();
        System.setProperty("GPW_UNUSED", "");
    }

    static IngestPipeline.Result load(Path jobFile, boolean quit) throws Exception {
        return IngestCluster.get().load(jobFile, quit);
    }

    @Test
    void everyRecordLandsOnceInTheTableOrTheErrorTable() throws Exception {
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
}
