package io.gpwarden.systemtests.ingest;

import io.gpwarden.agent.it.Events;
import io.gpwarden.agent.it.IngestCluster;
import io.gpwarden.agent.it.InsertLoadIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactly-once check for a load of {@link Events#withMalformed} records: every produced id
 * is in the table or (the malformed ones) in the error table, once; the stored offsets equal the
 * topic's end.
 */
final class Ledger {
    private final IngestCluster cluster;
    private final String table;
    private final String job;

    Ledger(IngestCluster cluster, String table) {
        this.cluster = cluster;
        this.table = table;
        this.job = "public." + table;
    }

    /** Sum of the stored next offsets of the job (records committed), 0 before the first commit. */
    long committed() throws Exception {
        return cluster.count("SELECT coalesce(sum(next_offset), 0) FROM gpw_meta.gpwarden_offsets WHERE job = '" + job + "'");
    }

    /** Waits until at least {@code atLeast} records are committed; the database may be down meanwhile. */
    void awaitCommitted(long atLeast, long timeoutSeconds, AgentProcess agent) throws Exception {
        long until = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            try {
                if (committed() >= atLeast) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // The database may be down or refusing connections in these tests; keep waiting.
            }
            Thread.sleep(10);
        }
        throw new AssertionError("offsets of " + job + " did not reach " + atLeast + "; agent output:\n" + agent.output());
    }

    /** Ids 1..n were produced, 1 % of them malformed. */
    void assertExactlyOnce(int n) throws Exception {
        long rows = cluster.count("SELECT count(*) FROM " + table);
        assertThat(cluster.count("SELECT count(DISTINCT id) FROM " + table)).as("duplicates").isEqualTo(rows);
        long errors = cluster.count("SELECT count(*) FROM gpw_meta.gpwarden_errors WHERE job = '" + job + "'");
        assertThat(cluster.count("SELECT count(*) FROM (SELECT DISTINCT kafka_partition, kafka_offset FROM gpw_meta.gpwarden_errors "
                + "WHERE job = '" + job + "') e")).as("duplicate rejections").isEqualTo(errors);
        assertThat(rows).as("rows").isEqualTo(n - n / 100);
        assertThat(errors).as("rejected").isEqualTo(n / 100);
        assertThat(cluster.count("SELECT count(*) FROM " + table + " WHERE id % 100 = 37")).isZero();
        assertThat(cluster.count("SELECT count(*) FROM " + table + " WHERE id < 1 OR id > " + n)).isZero();
        assertThat(committed()).isEqualTo(n);
    }
}
