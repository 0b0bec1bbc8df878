package io.gpwarden.cli.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.cli.GpwardenCommand;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.e2e.AlertingEndToEndIT;
import io.gpwarden.controller.e2e.E2eConfig;
import io.gpwarden.controller.e2e.TimedIncidents;
import io.gpwarden.controller.e2e.TrapSink;
import io.gpwarden.controller.run.AlertingSetup;
import io.gpwarden.controller.run.ControllerDaemon;
import io.gpwarden.controller.status.ClusterStatus;
import io.gpwarden.controller.status.StatusJson;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code gpwarden status} and flap suppression against a small stand-in (a coordinator and one
 * unmirrored primary, so Greenplum's FTS has nothing to promote and a killed primary can simply be
 * started again), in order: healthy (exit 0), a primary killed and restarted five times within a
 * minute (one incident at the receiver; status exits 1 while it is down and shows the incident
 * from the running controller), a wrong password (exit 2), the coordinator killed (exit 3, and a
 * coordinator-unreachable trap).
 */
@GreenplumCluster(hosts = 1, primariesPerHost = 1, mirroring = "none", standby = false, isolated = true, fsync = false,
        diskUsedPercent = AlertingEndToEndIT.CALM_PERCENT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusAndFlappingIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    static Path work;
    static Path config;
    static TrapSink traps;
    static TimedIncidents incidents;
    static ControllerDaemon controller;

    @BeforeAll
    static void start(TestCluster cluster) throws Exception {
        work = Files.createTempDirectory("gpwarden-status-");
        E2eConfig.installCapacityTable(cluster);
        traps = TrapSink.start(work.resolve("snmptrapd"));
        Path secrets = work.resolve("secrets");
        String yaml = E2eConfig.clusterSection(cluster, "st", E2eConfig.secretFile(secrets, "db-password", cluster.password()))
                + E2eConfig.timings()
                + "state_directory: " + work.resolve("state") + "\n"
                + "alerts:\n"
                + "  channels:\n"
                + traps.channelYaml("nms", "timeout: 1s")
                + "  policy: {flap_window: 20s}\n";
        ControllerConfig parsed = E2eConfig.write(work.resolve("controller"), yaml);
        config = work.resolve("controller/controller.yaml");
        incidents = new TimedIncidents(AlertingSetup.start(parsed, Clock.systemUTC(), Clock.systemUTC().instant()));
        controller = ControllerDaemon.start(parsed, incidents, Clock.systemUTC());
        AlertingEndToEndIT.awaitHealthy(controller);
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
        if (incidents != null) {
            incidents.close();
        }
        if (traps != null) {
            traps.close();
        }
    }

    /** What one command line printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    static Run gpwarden(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GpwardenCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static SegmentRow primary(TestCluster cluster) throws Exception {
        return cluster.catalog().stream().filter(r -> r.content() == 0 && r.isPrimary()).findFirst().orElseThrow();
    }

    static void restart(TestCluster cluster, SegmentRow row) throws Exception {
        TestCluster.CommandResult r = cluster.ssh(row.hostname(), "rm -f " + row.datadir() + "/postmaster.pid; pg_ctl -D "
                + row.datadir() + " -l " + row.datadir() + ".restart.log -w -t 60 start");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    }

    @Test
    @Order(1)
    void aHealthyClusterExitsZeroAndShowsDiskUseAsABar(TestCluster cluster) throws Exception {
        Run run = gpwarden("status", "--config", config.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("Cluster st: HEALTHY").contains("Segments      1 contents, 1 primaries, 0 mirrored; 1 healthy")
                .containsPattern("sdw1 +\\S+ +\\[[#-]{20}\\] +\\d+ %").contains("Open incidents: none  (status+incidents from controller at 127.0.0.1:");
        assertThat(run.out() + run.err()).doesNotContain(cluster.password());

        // Neither a capacity table nor an ssh: section: free space only, and the bar says "unknown".
        Path bare = work.resolve("bare");
        Files.createDirectories(bare);
        Files.writeString(bare.resolve("controller.yaml"), E2eConfig.clusterSection(cluster, "st",
                E2eConfig.secretFile(work.resolve("secrets"), "db-password", cluster.password()))
                + E2eConfig.timings("") + "state_directory: " + bare.resolve("state") + "\n");
        Run unknown = gpwarden("status", "--config", bare.resolve("controller.yaml").toString());
        assertThat(unknown.exitCode()).as(unknown.out() + unknown.err()).isZero();
        assertThat(unknown.out()).containsPattern("sdw1 +\\S+ +\\[\\.{20}\\] +\\? +\\S+ \\S+ free")
                .doesNotContain("SSH ");

        Run json = gpwarden("status", "--config", config.toString(), "--json", "--no-disk");
        assertThat(json.exitCode()).isZero();
        ClusterStatus status = StatusJson.read(json.out());
        assertThat(status.health()).isEqualTo("healthy");
        assertThat(status.segments()).hasSize(1).allSatisfy(s -> assertThat(s.probe()).isEqualTo("up"));
        assertThat(status.disks()).isEmpty();
        assertThat(json.out()).doesNotContain(cluster.password());

        Run watch = gpwarden("status", "--config", config.toString(), "--watch", "--interval", "0.2",
                "--iterations", "2", "--no-disk");
        assertThat(watch.exitCode()).isZero();
        assertThat(watch.out().split("\033\\[H\033\\[2J", -1)).hasSize(3);
        assertThat(watch.out().split("Cluster st: HEALTHY", -1)).hasSize(3);

        var address = controller.httpAddress().orElseThrow();
        var http = java.net.http.HttpClient.newHttpClient();
        var metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + address.getPort() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("gpwarden_cluster_health{cluster=\"st\",state=\"healthy\"} 1")
                .containsPattern("gpwarden_instance_up\\{cluster=\"st\",kind=\"primary\",content=\"0\",dbid=\"2\",host=\"sdw1\",port=\"\\d+\"\\} 1")
                .contains("gpwarden_disk_used_ratio{cluster=\"st\",host=\"sdw1\"")
                .contains("gpwarden_ticks_total{cluster=\"st\"}")
                .doesNotContain(cluster.password());
        var post = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + address.getPort() + "/status")).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    @Order(1)
    void alertsTestSendsOneAuthenticatedInformAndSaysItWasAcknowledged() throws Exception {
        Run run = gpwarden("alerts", "test", "--channel", "nms", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("channel nms: delivered and acknowledged\n");
        List<TrapSink.Trap> test = traps.await(t -> "test/nms".equals(t.key()), 1, WAIT);
        assertThat(test).hasSize(1);
        assertThat(test.get(0).security()).contains("INFORM, SNMP v3, user " + TrapSink.USER);
        assertThat(test.get(0).transition()).isEqualTo(5);
    }

    @Test
    @Order(2)
    void aPrimaryKilledAndRestartedFiveTimesInAMinuteIsOneIncident(TestCluster cluster) throws Exception {
        SegmentRow row = primary(cluster);
        String key = "segment-down/dbid=" + row.dbid();
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            long killedAt = System.nanoTime();
            cluster.kill(row.dbid());
            incidents.awaitRaised(key, killedAt, WAIT);
            if (i == 0) {
                Run degraded = gpwarden("status", "--config", config.toString(), "--no-disk");
                assertThat(degraded.exitCode()).as(degraded.out()).isEqualTo(1);
                assertThat(degraded.out()).contains("Cluster st: DEGRADED").contains("refuses connections")
                        .contains(key + " since");
            }
            incidents.forget(key);
            restart(cluster, row);
            awaitCleared(key);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("five kills").isLessThan(Duration.ofMinutes(1));

        List<TrapSink.Trap> resolved = traps.await(AlertingEndToEndIT.trap("st", key, 4), 1, WAIT);
        assertThat(resolved).hasSize(1);
        assertThat(traps.traps().stream().filter(t -> key.equals(t.key())).map(TrapSink.Trap::transition))
                .as("one incident: one OPENED, one RESOLVED").containsExactly(1, 4);
    }

    /** Waits until the controller's status no longer lists {@code key} among its conditions. */
    static void awaitCleared(String key) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var s = controller.board().current();
            if (s.isPresent() && s.get().conditions().stream().noneMatch(c -> c.key().equals(key))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(key + " still holds after " + WAIT.toSeconds() + " s");
    }

    @Test
    @Order(3)
    void aRejectedLoginExitsTwoAndSaysWhichKeyToFix(TestCluster cluster) throws Exception {
        Path dir = work.resolve("badpw");
        E2eConfig.write(dir, E2eConfig.clusterSection(cluster, "st", E2eConfig.secretFile(dir, "pw", "wrong-password-42"))
                + "state_directory: " + dir.resolve("state") + "\nhttp: {enabled: false}\n");
        Run run = gpwarden("status", "--config", dir.resolve("controller.yaml").toString());
        assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("rejects gpwarden's login").contains("cluster.password")
                .doesNotContain("wrong-password-42");
        Run badFile = gpwarden("status", "--config", dir.resolve("missing.yaml").toString());
        assertThat(badFile.exitCode()).isEqualTo(2);
        assertThat(badFile.err()).contains("missing.yaml: file not found");
    }

    @Test
    @Order(4)
    void anUnreachableCoordinatorExitsThreeAndIsOneCriticalIncident(TestCluster cluster) throws Exception {
        SegmentRow coordinator = cluster.catalog().stream().filter(r -> r.content() == -1 && r.isPrimary())
                .findFirst().orElseThrow();
        long killedAt = System.nanoTime();
        cluster.kill(coordinator.dbid());
        Run run = gpwarden("status", "--config", config.toString());
        assertThat(run.exitCode()).as(run.out()).isEqualTo(3);
        assertThat(run.out()).startsWith("Cluster st: UNREACHABLE").contains("catalog never read");
        incidents.awaitRaised("coordinator-unreachable", killedAt, WAIT);
        assertThat(traps.await(AlertingEndToEndIT.trap("st", "coordinator-unreachable", 1), 1, WAIT)).hasSize(1);
    }
}
