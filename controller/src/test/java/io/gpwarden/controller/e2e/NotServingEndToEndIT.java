package io.gpwarden.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.snmp.GpwardenMib;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.run.AlertingSetup;
import io.gpwarden.controller.run.ControllerDaemon;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A coordinator out of connection slots, end to end: every slot taken (the superuser's reserved
 * ones too), so the controller's own logins get "sorry, too many clients already" (53300). The
 * coordinator is alive: exactly one {@code instance-not-serving/coordinator} trap (SNMPv3 INFORM
 * to a real snmptrapd) once it has refused for {@code not_serving_after}, never
 * {@code coordinator-unreachable}, and one resolved when the sessions are released.
 */
@GreenplumCluster(hosts = 1, primariesPerHost = 1, mirroring = "none", standby = false, isolated = true, fsync = false)
class NotServingEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String KEY = "instance-not-serving/coordinator";

    @Test
    void aCoordinatorOutOfConnectionSlotsIsOneNotServingIncidentAndNeverUnreachable(TestCluster cluster) throws Exception {
        Path work = Files.createTempDirectory("gpwarden-not-serving-");
        try (TrapSink traps = TrapSink.start(work.resolve("snmptrapd"))) {
            String yaml = E2eConfig.clusterSection(cluster, "e2e-busy",
                            E2eConfig.secretFile(work.resolve("secrets"), "db-password", cluster.password()))
                    + E2eConfig.timings("").replace("confirmations: 3}", "confirmations: 3, not_serving_after: 3s}")
                    + "state_directory: " + work.resolve("state") + "\n"
                    + "alerts:\n"
                    + "  channels:\n"
                    + traps.channelYaml("nms", "pdu: inform", "timeout: 1s", "retries: 1")
                    + "  policy: {flap_window: 2s}\n";
            assertThat(yaml).contains("not_serving_after: 3s");
            ControllerConfig config = E2eConfig.write(work.resolve("controller"), yaml);
            try (TimedIncidents incidents = new TimedIncidents(AlertingSetup.start(config, Clock.systemUTC(),
                    Clock.systemUTC().instant()));
                 ControllerDaemon controller = ControllerDaemon.start(config, incidents, Clock.systemUTC())) {
                AlertingEndToEndIT.awaitHealthy(controller);

                SegmentRow coordinator = coordinator(cluster);
                List<Connection> hogs = takeEverySlot(cluster, coordinator);
                SlotKeeper keeper = new SlotKeeper(cluster, coordinator, hogs);
                try {
                    List<TrapSink.Trap> opened = traps.await(AlertingEndToEndIT.trap("e2e-busy", KEY, 1), 1, WAIT);
                    assertThat(opened).hasSize(1);
                    assertThat(opened.get(0).value(GpwardenMib.SUMMARY))
                            .contains("is alive but refuses new sessions: out of connection slots").contains("53300");
                    assertThat(opened.get(0).value(GpwardenMib.SEVERITY)).isEqualTo("3");
                } finally {
                    keeper.stop();
                    for (Connection c : hogs) {
                        c.close();
                    }
                }
                assertThat(traps.await(AlertingEndToEndIT.trap("e2e-busy", KEY, 4), 1, WAIT)).hasSize(1);
                AlertingEndToEndIT.awaitHealthy(controller);
                Thread.sleep(AlertingEndToEndIT.SETTLE.toMillis());
                List<String> seen = traps.traps().stream().filter(t -> "e2e-busy".equals(t.cluster()))
                        .map(t -> t.key() + " " + t.transition()).toList();
                assertThat(seen).as("every trap of this cluster").containsExactly(KEY + " 1", KEY + " 4");
            }
        }
    }

    /**
     * Takes again, within about 10 ms, any slot that frees up while the hogs hold the rest: the
     * controller's own sessions that were open when the hogs filled the server close afterwards,
     * and without this the controller's next probe would find that slot free and count as served
     * (seen on a loaded CI machine: the streak never reached its confirmations).
     */
    private static final class SlotKeeper {
        private final Thread thread;
        private volatile boolean running = true;

        SlotKeeper(TestCluster cluster, SegmentRow coordinator, List<Connection> hogs) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Connection c = cluster.connect(coordinator);
                        synchronized (hogs) {
                            hogs.add(c);
                        }
                    } catch (SQLException e) {
                        if (!"53300".equals(e.getSQLState())) {
                            return;
                        }
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }, "slot-keeper");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(10_000);
        }
    }

    private static SegmentRow coordinator(TestCluster cluster) throws Exception {
        return cluster.catalog().stream().filter(r -> r.content() == -1 && r.isPrimary()).findFirst().orElseThrow();
    }

    /** Opens sessions as the superuser until the coordinator refuses one with 53300. */
    private static List<Connection> takeEverySlot(TestCluster cluster, SegmentRow coordinator) throws Exception {
        List<Connection> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                hogs.add(cluster.connect(coordinator));
            }
        } catch (SQLException e) {
            if (!"53300".equals(e.getSQLState())) {
                for (Connection c : hogs) {
                    c.close();
                }
                throw e;
            }
            return hogs;
        }
        throw new AssertionError("the coordinator took 1000 sessions without refusing one");
    }
}
