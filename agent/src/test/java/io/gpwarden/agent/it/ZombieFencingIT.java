package io.gpwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.agent.batch.Batch;
import io.gpwarden.agent.batch.BatchBuilder;
import io.gpwarden.agent.job.DatabaseTarget;
import io.gpwarden.agent.job.JobFiles;
import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.plan.RowEncoder;
import io.gpwarden.agent.sink.CopySink;
import io.gpwarden.agent.sink.IngestGate;
import io.gpwarden.agent.sink.JdbcOffsetStore;
import io.gpwarden.agent.sink.PgConnections;
import io.gpwarden.agent.sink.SinkException;
import io.gpwarden.agent.sql.MetadataTables;
import io.gpwarden.config.SecretRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two owners of the same partition (a zombie resumed after its partition moved, or an owner of
 * an older failover epoch) against the real database: the stored offset's compare-and-set lets
 * exactly one commit count; the other rolls back with its rows.
 */
class ZombieFencingIT {
    static IngestCluster cluster;
    static JobSpec job;

    @BeforeAll
    static void start() throws Exception {
        cluster = IngestCluster.get();
        cluster.sql(IngestCluster.eventsTable("zombie"));
        Path file = cluster.jobFile("zombie", "zombie", "zombie", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING, "",
                "    MAX_ROW: 100000\n");
        JobSpec j = JobFiles.load(file);
        job = new JobSpec(j.source(), j.name(), new DatabaseTarget(j.database().host(), j.database().port(),
                j.database().database(), j.database().user(), Optional.of(SecretRef.literal(cluster.password(), "test"))),
                j.kafka(), j.key(), j.value(), j.metaColumn(), j.errorLimit(), j.filter(), j.output(), j.metadataSchema(),
                j.commit(), j.postBatch(), j.schedule());
    }

    private static CopySink owner() throws SinkException {
        PgConnections c = new PgConnections(job.database(), "zombie test", 60);
        CopySink sink = new CopySink(job, c, new JdbcOffsetStore(c, new MetadataTables(job.metadataSchema(), false), job.name(),
                job.kafka().topic()), IngestGate.ALWAYS_OPEN, true);
        sink.open();
        return sink;
    }

    private static Batch batch(CopySink sink, long storedNext, long from, long to) {
        BatchBuilder b = new BatchBuilder(new RowEncoder(sink.plan()), job.commit(), 8 << 20, System::nanoTime);
        b.positioned(0, storedNext);
        Random r = new Random(from);
        for (long o = from; o < to; o++) {
            b.add(0, o, 0, null, IngestCluster.utf8(Events.event(o + 1, r)));
        }
        return b.close();
    }

    @Test
    void onlyOneOwnerOfAnOffsetRangeCommitsAndAnOlderEpochIsFenced() throws Exception {
        try (CopySink live = owner(); CopySink zombie = owner()) {
            JdbcOffsetStore store = new JdbcOffsetStore(new PgConnections(job.database(), "t", 60),
                    new MetadataTables(job.metadataSchema(), false), job.name(), job.kafka().topic());
            assertThat(store.positions(List.of(0), p -> 0L, 0)).containsEntry(0, 0L);
            // Both read "next offset 0"; the zombie was paused while the partition moved on.
            Batch zombieBatch = batch(zombie, 0, 0, 50);
            live.write(batch(live, 0, 0, 100), 0);
            assertThatThrownBy(() -> zombie.write(zombieBatch, 0))
                    .isInstanceOf(SinkException.class)
                    .extracting(e -> ((SinkException) e).kind()).isEqualTo(SinkException.Kind.FENCED);
            assertThat(cluster.count("SELECT count(*) FROM zombie")).isEqualTo(100);

            // A newer failover epoch took the partition: the older epoch's commit is refused even
            // when it expects the right offset.
            live.write(batch(live, 100, 100, 150), 2);
            assertThatThrownBy(() -> zombie.write(batch(zombie, 150, 150, 160), 1))
                    .extracting(e -> ((SinkException) e).kind()).isEqualTo(SinkException.Kind.FENCED);
            live.write(batch(live, 150, 150, 160), 2);
            assertThat(cluster.count("SELECT count(*) FROM zombie")).isEqualTo(160);
            assertThat(cluster.count("SELECT count(DISTINCT id) FROM zombie")).isEqualTo(160);
            assertThat(cluster.rows("SELECT next_offset, epoch FROM gpw_meta.gpwarden_offsets WHERE job = 'public.zombie'"))
                    .containsExactly(List.of("160", "2"));
            store.close();
        }
    }

}
