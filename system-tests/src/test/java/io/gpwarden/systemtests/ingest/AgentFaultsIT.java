package io.gpwarden.systemtests.ingest;

import io.gpwarden.agent.it.Events;
import io.gpwarden.agent.it.IngestCluster;
import io.gpwarden.agent.it.InsertLoadIT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent as a real process under faults: kill -9 mid-batch, the database killed and
 * restarted, the Kafka broker restarted. Ledger: every produced id lands exactly once, in the
 * table or (malformed ones) in the error table.
 */
class AgentFaultsIT {
    static IngestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = IngestCluster.get();
    }

    private static long committed(String job) throws Exception {
        return new Ledger(cluster, job.substring("public.".length())).committed();
    }

    private static void awaitCommitted(String job, long atLeast, long timeoutSeconds, AgentProcess agent) throws Exception {
        new Ledger(cluster, job.substring("public.".length())).awaitCommitted(atLeast, timeoutSeconds, agent);
    }

    private static void assertLedger(String table, String job, int n) throws Exception {
        new Ledger(cluster, table).assertExactlyOnce(n);
    }

    @Test
    void killedWithSigkillFiveTimesMidLoadEveryRecordLandsOnce() throws Exception {
        int n = 250_000;
        cluster.createTopic("kill9", 4);
        cluster.sql(IngestCluster.eventsTable("kill9"));
        cluster.produce("kill9", 4, Events.withMalformed(1, n, 11));
        // A killed member holds its partitions until its session expires: the broker's minimum, so
        // each restart waits 6 s for the group instead of 10.
        Path job = cluster.jobFile("kill9", "kill9", "kill9", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "    ERROR_LIMIT: 10%\n", "    MAX_ROW: 4000\n    MINIMAL_INTERVAL: 300\n"
                        + "  PROPERTIES:\n    session.timeout.ms: 6000\n    heartbeat.interval.ms: 2000\n");
        Path log = Files.createTempFile("kill9-", ".log");
        Random random = new Random(5);
        int kills = 0;
        for (int i = 0; i < 5; i++) {
            try (AgentProcess agent = AgentProcess.start(log, cluster.password(), "load", job.toString(), "--quit-at-eof")) {
                // Killed at a point that moves through the load (the agent loads 250,000 records in well
                // under a second once running, so a fixed delay could miss it).
                awaitCommitted("public.kill9", (i + 1L) * n / 8, 120, agent);
                Thread.sleep(random.nextInt(20));
                if (agent.isAlive()) {
                    agent.kill9();
                    kills++;
                }
            }
            assertThat(committed("public.kill9")).as("killed before the end").isLessThan(n);
        }
        assertThat(kills).isEqualTo(5);
        try (AgentProcess agent = AgentProcess.start(log, cluster.password(), "load", job.toString(), "--quit-at-eof")) {
            assertThat(agent.waitFor(300)).as(agent.output()).isZero();
        }
        assertLedger("kill9", "public.kill9", n);
    }

    @Test
    void databaseKilledAndBrokerRestartedMidLoadNothingLostNothingTwice() throws Exception {
        int n = 100_000;
        cluster.createTopic("faults", 4);
        cluster.sql(IngestCluster.eventsTable("faults"));
        cluster.produce("faults", 4, Events.withMalformed(1, n / 2, 13));
        Path job = cluster.jobFile("faults", "faults", "faults", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "    ERROR_LIMIT: 10%\n", "    MAX_ROW: 3000\n    MINIMAL_INTERVAL: 200\n");
        Path log = Files.createTempFile("faults-", ".log");
        try (AgentProcess agent = AgentProcess.start(log, cluster.password(), "agent", "run", "--job", job.toString())) {
            awaitCommitted("public.faults", 9_000, 120, agent);
            cluster.db.kill();
            Thread.sleep(3_000);
            cluster.db.start();
            List<byte[]> rest = Events.withMalformed(n / 2 + 1, n / 2, 17);
            cluster.produce("faults", 4, rest.subList(0, n / 4));
            awaitCommitted("public.faults", 60_000, 180, agent);
            cluster.kafka.restart();
            cluster.awaitBroker("faults");
            cluster.produce("faults", 4, rest.subList(n / 4, n / 2));
            assertThat(cluster.endOffsetSum("faults")).as("records in the topic").isEqualTo(n);
            awaitCommitted("public.faults", n, 180, agent);
            assertThat(agent.isAlive()).isTrue();
            long t = System.nanoTime();
            agent.terminate();
            assertThat((System.nanoTime() - t) / 1_000_000).as("SIGTERM to exit, ms").isLessThan(10_000);
            assertThat(agent.output()).contains("rolled back").contains("reseeking from the stored offsets");
        }
        assertLedger("faults", "public.faults", n);
    }

    @Test
    void aSecondAgentJoiningTheGroupMidLoadTakesPartitionsWithoutLossOrDuplicates() throws Exception {
        int n = 150_000;
        cluster.createTopic("rebalance", 4);
        cluster.sql(IngestCluster.eventsTable("rebalance"));
        List<byte[]> all = Events.withMalformed(1, n, 19);
        cluster.produce("rebalance", 4, all.subList(0, n / 3));
        Path job = cluster.jobFile("rebalance", "rebalance", "rebalance", IngestCluster.JSON_VALUE, IngestCluster.EVENT_MAPPING,
                "    ERROR_LIMIT: 10%\n", "    MAX_ROW: 2000\n    MINIMAL_INTERVAL: 200\n");
        Path logA = Files.createTempFile("agent-rebalance-a-", ".log");
        Path logB = Files.createTempFile("agent-rebalance-b-", ".log");
        try (AgentProcess a = AgentProcess.start(logA, cluster.password(), "agent", "run", "--job", job.toString());
             AgentProcess b0 = waitThenStart(a, logB, job)) {
            // More records arrive while the group rebalances, and after it.
            cluster.produce("rebalance", 4, all.subList(n / 3, 2 * n / 3));
            long until = System.nanoTime() + 90_000_000_000L;
            while (!b0.output().contains("assigned") && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(b0.output()).as("the second agent joined the group").contains("assigned");
            cluster.produce("rebalance", 4, all.subList(2 * n / 3, n));
            awaitCommitted("public.rebalance", n, 240, a);
            assertThat(a.output()).contains("revoked");
            assertThat(b0.output()).contains("assigned");
            long t = System.nanoTime();
            a.terminate();
            b0.terminate();
            assertThat((System.nanoTime() - t) / 1_000_000).as("SIGTERM to exit of both, ms").isLessThan(15_000);
        }
        assertLedger("rebalance", "public.rebalance", n);
    }

    private static AgentProcess waitThenStart(AgentProcess a, Path log, Path job) throws Exception {
        awaitCommitted("public.rebalance", 10_000, 120, a);
        return AgentProcess.start(log, cluster.password(), "agent", "run", "--job", job.toString());
    }
}
