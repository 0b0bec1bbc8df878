package io.gpwarden.systemtests.ingest;

import io.gpwarden.agent.it.Events;
import io.gpwarden.agent.it.IngestCluster;
import io.gpwarden.agent.it.InsertLoadIT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database unavailable mid-batch, with the agent as a real process and records arriving all
 * the while: the server killed and started again as a hot standby (in recovery: connections
 * work, every write is refused read-only) and promoted seconds later; and every connection slot
 * taken (53300, too many clients) when the agent must reconnect. The agent rolls back, backs
 * off, reconnects, reseeks from the stored offsets and goes on: every id lands exactly once.
 */
class DatabaseUnavailableIT {
    static IngestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = IngestCluster.get();
    }

    /** Produces {@code values} in slices of 2,000 about every 20 ms (a steady stream), in the background. */
    private static Thread steadyProducer(String topic, List<byte[]> values, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < values.size(); i += 2_000) {
                    cluster.produce(topic, 4, values.subList(i, Math.min(values.size(), i + 2_000)));
                    Thread.sleep(20);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "steady-producer-" + topic);
        t.start();
        return t;
    }

    private static boolean inRecovery() throws SQLException {
        try (Connection c = cluster.connect(); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void promoteIfInRecovery() throws Exception {
        if (cluster.db.isRunning() && inRecovery()) {
            cluster.sql("SELECT pg_promote(true, 60)");
        }
    }

    @Test
    void killedMidBatchAndBackAsAHotStandbyInRecoveryThenPromoted() throws Exception {
        int n = 120_000;
        String table = "recovery";
        cluster.createTopic(table, 4);
        cluster.sql(IngestCluster.eventsTable(table));
        Ledger ledger = new Ledger(cluster, table);
        List<byte[]> all = Events.withMalformed(1, n, 29);
        cluster.produce(table, 4, all.subList(0, n / 4));
        Path job = cluster.jobFile(table, table, table, IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "    ERROR_LIMIT: 10%\n", "    MAX_ROW: 2000\n    MINIMAL_INTERVAL: 100\n");
        Path log = Files.createTempFile("agent-recovery-", ".log");
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        try (AgentProcess agent = AgentProcess.start(log, cluster.password(), "agent", "run", "--job", job.toString())) {
            ledger.awaitCommitted(n / 8, 120, agent);
            Thread producer = steadyProducer(table, all.subList(n / 4, n), producerFailure);
            ledger.awaitCommitted(n / 4 + 2_000, 120, agent);
            // Batches are in flight all the time now: kill the server under one.
            cluster.db.kill();
            Path signal = cluster.db.dataDirectory().resolve("standby.signal");
            Files.createFile(signal);
            cluster.launcher.access().account().giveTo(signal);
            try {
                cluster.db.start();
                assertThat(inRecovery()).as("started as a hot standby").isTrue();
                long during = ledger.committed();
                Thread.sleep(4_000);
                assertThat(inRecovery()).isTrue();
                assertThat(ledger.committed()).as("nothing commits while in recovery").isEqualTo(during);
                assertThat(agent.isAlive()).isTrue();
                cluster.sql("SELECT pg_promote(true, 60)");
            } finally {
                promoteIfInRecovery();
            }
            producer.join(120_000);
            assertThat(producerFailure.get()).isNull();
            ledger.awaitCommitted(n, 180, agent);
            assertThat(agent.output()).contains("during recovery [SQLSTATE 25006]").contains("reseeking from the stored offsets");
            agent.terminate();
        }
        ledger.assertExactlyOnce(n);
    }

    @Test
    void everyConnectionSlotTakenWhenTheAgentReconnectsIsWaitedOut() throws Exception {
        int n = 100_000;
        String table = "noslots";
        cluster.createTopic(table, 4);
        cluster.sql(IngestCluster.eventsTable(table));
        Ledger ledger = new Ledger(cluster, table);
        List<byte[]> all = Events.withMalformed(1, n, 31);
        cluster.produce(table, 4, all.subList(0, n / 4));
        Path job = cluster.jobFile(table, table, table, IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "    ERROR_LIMIT: 10%\n", "    MAX_ROW: 2000\n    MINIMAL_INTERVAL: 100\n");
        Path log = Files.createTempFile("agent-noslots-", ".log");
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        List<Connection> held = new ArrayList<>();
        try (AgentProcess agent = AgentProcess.start(log, cluster.password(), "agent", "run", "--job", job.toString())) {
            ledger.awaitCommitted(n / 8, 120, agent);
            Thread producer = steadyProducer(table, all.subList(n / 4, n), producerFailure);
            try {
                // Take every slot, then cut the agent's own sessions: it must reconnect, into a server
                // with no slot left (its first retry comes after a 200 ms backoff; a slot it still
                // wins is cut again).
                fillEveryConnectionSlot(held);
                long until = System.nanoTime() + 60_000_000_000L;
                while (agentSessions(held.get(0)) > 0) {
                    assertThat(System.nanoTime()).as("the agent's sessions end").isLessThan(until);
                    try (Statement s = held.get(0).createStatement()) {
                        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'gpwarden %'");
                    }
                    Thread.sleep(50);
                    fillEveryConnectionSlot(held);
                }
                long during = committedOn(held.get(0), table);
                Thread.sleep(4_000);
                assertThat(committedOn(held.get(0), table)).as("nothing commits without a connection").isEqualTo(during);
                assertThat(agent.isAlive()).isTrue();
                assertThat(agent.output()).contains("53300");
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
            producer.join(120_000);
            assertThat(producerFailure.get()).isNull();
            ledger.awaitCommitted(n, 180, agent);
            agent.terminate();
        }
        ledger.assertExactlyOnce(n);
    }

    /** Opens connections until the server refuses one with 53300 (too many clients). */
    private static void fillEveryConnectionSlot(List<Connection> held) {
        while (true) {
            try {
                held.add(cluster.connect());
            } catch (SQLException e) {
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("53300");
                return;
            }
            assertThat(held.size()).as("connections opened before the server refused one").isLessThan(500);
        }
    }

    private static long agentSessions(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'gpwarden %'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long committedOn(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery(
                "SELECT coalesce(sum(next_offset), 0) FROM gpw_meta.gpwarden_offsets WHERE job = 'public." + table + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
