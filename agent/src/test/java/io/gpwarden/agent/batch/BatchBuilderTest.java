package io.gpwarden.agent.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.agent.job.CommitPolicy;
import io.gpwarden.agent.plan.LoadPlan;
import io.gpwarden.agent.plan.LoadPlanTest;
import io.gpwarden.agent.plan.RowEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {
    private final AtomicLong now = new AtomicLong();
    private final BatchBuilder builder = new BatchBuilder(new RowEncoder(LoadPlan.of(LoadPlanTest.jobForTests(), LoadPlanTest.eventsForTests())),
            new CommitPolicy(3, Duration.ofMillis(500)), 1 << 20, now::get);

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chainsTheExpectedOffsetsAndKeepsRejectionsAside() throws Exception {
        builder.positioned(0, 100);
        builder.positioned(1, 7);
        builder.add(0, 100, 0, null, json("{\"id\":1}"));
        builder.add(1, 7, 0, null, json("{\"id\":\"bad\"}"));
        assertThat(builder.due()).isFalse();
        builder.add(0, 103, 0, null, json("{\"id\":2}"));
        assertThat(builder.due()).as("MAX_ROW reached").isTrue();
        Batch first = builder.close();
        assertThat(first.isClosed()).isTrue();
        assertThat(first.advances()).containsExactly(new OffsetAdvance(0, 100, 104), new OffsetAdvance(1, 7, 8));
        assertThat(first.rows().rows()).isEqualTo(2);
        assertThat(first.rejectedWhileEncoding()).singleElement().extracting(Rejected::offset).isEqualTo(7L);
        assertThat(first.awaitChunks(0)).isEqualTo(1);
        assertThat(first.awaitChunks(1)).isEqualTo(-1);

        builder.add(0, 104, 0, null, json("{\"id\":3}"));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(builder.due()).as("MINIMAL_INTERVAL reached").isTrue();
        assertThat(builder.close().advances()).containsExactly(new OffsetAdvance(0, 104, 105));
    }

    @Test
    void recordsOfUnpositionedPartitionsAreNeverLoadedAndResetAbandons() {
        builder.add(5, 1, 0, null, json("{\"id\":1}"));
        assertThat(builder.hasOpenBatch()).isFalse();
        builder.positioned(0, 0);
        builder.add(0, 0, 0, null, json("{\"id\":1}"));
        Batch open = builder.open();
        builder.reset(1);
        assertThat(builder.hasOpenBatch()).isFalse();
        assertThat(builder.isPositioned(0)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open.awaitChunks(0)).isInstanceOf(Batch.AbandonedException.class);
    }

    @Test
    void repeatedKeysAreSeenByValueAndNullKeysCountAsRepeated() {
        BatchBuilder merge = new BatchBuilder(new RowEncoder(LoadPlan.of(LoadPlanTest.mergeJobForTests(), LoadPlanTest.eventsForTests())),
                new CommitPolicy(100, Duration.ofSeconds(5)), 1 << 20, now::get);
        merge.positioned(0, 0);
        for (int i = 1; i <= 3000; i++) {
            merge.add(0, i, 0, null, json("{\"id\":" + i + "}"));
        }
        assertThat(merge.close().mayRepeatKeys()).isFalse();
        merge.add(0, 3001, 0, null, json("{\"id\":7}"));
        merge.add(0, 3002, 0, null, json("{\"id\":\" 007\"}"));
        assertThat(merge.close().mayRepeatKeys()).as("7 and ' 007' are the same bigint").isTrue();
        merge.add(0, 3003, 0, null, json("{\"id\":null}"));
        assertThat(merge.close().mayRepeatKeys()).isTrue();
    }

    @Test
    void keysTheEncoderCannotCompareExactlyCountAsRepeated() {
        io.gpwarden.agent.plan.TargetTable byTs = new io.gpwarden.agent.plan.TargetTable("public", "events", java.util.List.of(
                new io.gpwarden.agent.plan.TargetTable.Column("id", "bigint"),
                new io.gpwarden.agent.plan.TargetTable.Column("ts", "timestamp with time zone")));
        io.gpwarden.agent.job.JobSpec job = io.gpwarden.agent.job.JobFiles.parse("job.yaml", """
                DATABASE: d
                USER: u
                HOST: h
                KAFKA:
                  INPUT:
                    SOURCE: {BROKERS: k:9092, TOPIC: t}
                    VALUE:
                      COLUMNS: [{NAME: j, TYPE: json}]
                      FORMAT: json
                  OUTPUT:
                    TABLE: events
                    MODE: MERGE
                    MATCH_COLUMNS: [ts]
                    MAPPING:
                      id: (j->>'id')::bigint
                      ts: (j->>'ts')::timestamptz
                """);
        BatchBuilder merge = new BatchBuilder(new RowEncoder(LoadPlan.of(job, byTs)), new CommitPolicy(100, Duration.ofSeconds(5)),
                1 << 20, now::get);
        merge.positioned(0, 0);
        merge.add(0, 0, 0, null, json("{\"id\":1,\"ts\":\"2024-01-01T00:00:00Z\"}"));
        assertThat(merge.close().mayRepeatKeys()).as("timestamps are not compared by the agent").isTrue();
    }
}
