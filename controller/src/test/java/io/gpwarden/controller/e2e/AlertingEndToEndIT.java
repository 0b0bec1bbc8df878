package io.gpwarden.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.run.AlertingSetup;
import io.gpwarden.controller.run.ControllerDaemon;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller against the Greenplum stand-in, alerting a real snmptrapd (SNMPv3 INFORM,
 * authPriv SHA-256/AES-128) and a real mail server (GreenMail over SMTPS), in order: a killed
 * primary, a disk filling past 90 %, an SMTP outage during an incident, and a second controller
 * with a wrong database password. Each step counts notifications per incident key and transition:
 * exactly one of each, at every receiver.
 */
@GreenplumCluster(hosts = 2, primariesPerHost = 1, mirroring = "group", standby = true, isolated = true, fsync = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingEndToEndIT {
    private static final Logger log = LoggerFactory.getLogger(AlertingEndToEndIT.class);
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Flap window of the test configuration plus slack: after it, a RESOLVED must have been sent. */
    static final Duration SETTLE = Duration.ofSeconds(8);

    static Path work;
    static TrapSink traps;
    static MailSink mail;
    static TimedIncidents incidents;
    static ControllerDaemon controller;
    static ControllerConfig config;

    @BeforeAll
    static void start(TestCluster cluster) throws Exception {
        work = Files.createTempDirectory("gpwarden-e2e-");
        E2eConfig.installCapacityTable(cluster);
        traps = TrapSink.start(work.resolve("snmptrapd"));
        mail = MailSink.start(work.resolve("mail"));
        config = E2eConfig.write(work.resolve("controller"), yaml(cluster, "e2e",
                E2eConfig.secretFile(work.resolve("secrets"), "db-password", cluster.password()),
                work.resolve("controller/state")));
        incidents = new TimedIncidents(AlertingSetup.start(config, Clock.systemUTC(), Clock.systemUTC().instant()));
        controller = ControllerDaemon.start(config, incidents, Clock.systemUTC());
        awaitHealthy(controller);
    }

    static String yaml(TestCluster cluster, String name, Path passwordFile, Path state) throws Exception {
        Path secrets = work.resolve("secrets");
        return E2eConfig.clusterSection(cluster, name, passwordFile) + E2eConfig.timings()
                + "state_directory: " + state + "\n"
                + "alerts:\n"
                + "  channels:\n"
                + "    nms:\n"
                + "      type: snmp\n"
                + "      host: 127.0.0.1\n"
                + "      port: " + traps.port() + "\n"
                + "      pdu: inform\n"
                + "      timeout: 1s\n"
                + "      retries: 1\n"
                + "      usm: {user: " + TrapSink.USER + ", auth: sha256, auth_passphrase: file:"
                + E2eConfig.secretFile(secrets, "snmp-auth", TrapSink.AUTH) + ", priv: aes128, priv_passphrase: file:"
                + E2eConfig.secretFile(secrets, "snmp-priv", TrapSink.PRIV) + "}\n"
                + mail.channelYaml("mail")
                + "  policy: {flap_window: 5s}\n"
                + "  delivery: {initial_backoff: 300ms, max_backoff: 2s, breaker_failures: 3, breaker_open_for: 2s,"
                + " config_error_backoff: 5s}\n";
    }

    static void awaitHealthy(ControllerDaemon daemon) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var status = daemon.board().current();
            if (status.isPresent() && status.get().health().equals("healthy")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the cluster never looked healthy: " + daemon.board().current().map(s -> s.sentence()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (incidents != null) {
            incidents.close();
        }
        if (traps != null) {
            traps.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    static Predicate<TrapSink.Trap> trap(String cluster, String key, int transition) {
        return t -> cluster.equals(t.cluster()) && key.equals(t.key()) && t.transition() == transition;
    }

    static Predicate<MimeMessage> mailFor(String key, String transition) {
        return m -> MailSink.body(m).contains("(key " + key + ")")
                && MailSink.header(m, "X-Gpwarden-Transition").equals(transition);
    }

    static SegmentRow primaryOf(List<SegmentRow> rows, int content) {
        return rows.stream().filter(r -> r.content() == content && r.isPrimary()).findFirst().orElseThrow();
    }

    /** After the flap window: exactly one OPENED and one RESOLVED for {@code key} at each receiver, nothing else. */
    static void assertOpenedAndResolvedOnce(String key) throws Exception {
        Thread.sleep(SETTLE.toMillis());
        assertThat(traps.traps().stream().filter(t -> "e2e".equals(t.cluster()) && key.equals(t.key()))
                .map(TrapSink.Trap::transition)).as("traps for " + key).containsExactly(1, 4);
        assertThat(mail.messages().stream().filter(m -> MailSink.body(m).contains("(key " + key + ")"))
                .map(m -> MailSink.header(m, "X-Gpwarden-Transition"))).as("mails for " + key)
                .containsExactly("OPENED", "RESOLVED");
    }

    @Test
    @Order(1)
    void aKilledPrimaryIsOneTrapAndOneMailAndRecoveryResolvesEachOnce(TestCluster cluster) throws Exception {
        SegmentRow primary = primaryOf(cluster.catalog(), 0);
        String key = "segment-down/dbid=" + primary.dbid();

        long killedAt = System.nanoTime();
        cluster.kill(primary.dbid());
        long raisedAt = incidents.awaitRaised(key, killedAt, WAIT);
        log.info("kill -> segment-down decision: {} ms", (raisedAt - killedAt) / 1_000_000);
        assertThat(Duration.ofNanos(raisedAt - killedAt)).as("detection").isLessThan(Duration.ofSeconds(10));

        assertThat(traps.await(trap("e2e", key, 1), 1, WAIT)).hasSize(1).allSatisfy(t -> {
            // snmptrapd logs only what user gpwarden sent with authPriv (authUser log gpwarden priv).
            assertThat(t.security()).contains("INFORM, SNMP v3, user " + TrapSink.USER);
            // Whichever saw it first words it: our probe, or FTS (asked by us to probe now).
            assertThat(t.value(() -> io.gpwarden.alerts.snmp.GpwardenMib.SUMMARY))
                    .contains("seg0 (dbid " + primary.dbid() + ") on " + primary.hostname());
        });
        List<MimeMessage> opened = mail.await(mailFor(key, "OPENED"), 1, WAIT);
        assertThat(opened).hasSize(1);
        assertThat(MailSink.subject(opened.get(0))).contains("[gpwarden e2e]").contains("segment down on " + primary.hostname());
        assertThat(MailSink.body(opened.get(0))).contains("gprecoverseg").contains("Since:");

        // Greenplum's FTS (asked by the controller to probe now) promotes the mirror: one notice.
        cluster.awaitCatalog(rows -> primaryOf(rows, 0).dbid() != primary.dbid(), WAIT);
        assertThat(traps.await(trap("e2e", "mirror-promoted/content=0", 5), 1, WAIT)).hasSize(1);

        TestCluster.CommandResult recover = cluster.ssh("cdw", "gprecoverseg -a");
        assertThat(recover.exitCode()).as(recover.stdout()).isZero();
        cluster.awaitCatalog(rows -> rows.stream().allMatch(r -> r.isUp() && r.mode() == 's'), WAIT);
        assertThat(traps.await(trap("e2e", key, 4), 1, WAIT)).hasSize(1);
        assertThat(mail.await(mailFor(key, "RESOLVED"), 1, WAIT)).hasSize(1);

        TestCluster.CommandResult rebalance = cluster.ssh("cdw", "gprecoverseg -r -a");
        assertThat(rebalance.exitCode()).as(rebalance.stdout()).isZero();
        assertThat(traps.await(trap("e2e", "not-preferred-role", 4), 1, WAIT)).hasSize(1);
        assertOpenedAndResolvedOnce(key);
        // The rebalance itself takes the pair out of sync for a moment: inside the flap window that is
        // a bounce of the same incident, later a second one; either way each OPENED is RESOLVED.
        awaitHealthy(controller);
        Thread.sleep(SETTLE.toMillis());
        List<Integer> sync = traps.traps().stream()
                .filter(t -> "e2e".equals(t.cluster()) && "pair-not-in-sync/content=0".equals(t.key()))
                .map(TrapSink.Trap::transition).toList();
        assertThat(sync).isNotEmpty();
        for (int i = 0; i < sync.size(); i++) {
            assertThat(sync.get(i)).as("pair-not-in-sync transitions " + sync).isEqualTo(i % 2 == 0 ? 1 : 4);
        }
        assertThat(sync.size() % 2).as("every OPENED resolved: " + sync).isZero();
    }

    @Test
    @Order(2)
    void aDiskPastNinetyPercentIsOneCriticalAndLeavingTheBandOneResolved(TestCluster cluster) throws Exception {
        cluster.diskFill("sdw2", 92.0);
        List<TrapSink.Trap> critical = traps.await(t -> "e2e".equals(t.cluster()) && t.key() != null
                && t.key().startsWith("disk-usage/sdw2:") && t.transition() == 1, 1, WAIT);
        assertThat(critical).hasSize(1);
        String key = critical.get(0).key();
        assertThat(critical.get(0).value(() -> io.gpwarden.alerts.snmp.GpwardenMib.SUMMARY)).contains("92 % full");
        assertThat(critical.get(0).value(() -> io.gpwarden.alerts.snmp.GpwardenMib.SEVERITY)).isEqualTo("3");

        cluster.diskFill("sdw2", 87.0);
        Thread.sleep(5000);
        assertThat(traps.traps().stream().filter(t -> key.equals(t.key()))).as("inside the band").hasSize(1);

        cluster.diskFill("sdw2", null);
        assertThat(traps.await(trap("e2e", key, 4), 1, WAIT)).hasSize(1);
        assertOpenedAndResolvedOnce(key);
    }

    @Test
    @Order(3)
    void anEmailDuringAnSmtpOutageArrivesOnceWhenTheServerReturns(TestCluster cluster) throws Exception {
        mail.stopServer();
        cluster.diskFill("sdw1", 95.0);
        List<TrapSink.Trap> opened = traps.await(t -> "e2e".equals(t.cluster()) && t.key() != null
                && t.key().startsWith("disk-usage/sdw1:") && t.transition() == 1, 1, WAIT);
        assertThat(opened).hasSize(1);
        String key = opened.get(0).key();
        Thread.sleep(3000);
        assertThat(mail.messages().stream().filter(mailFor(key, "OPENED"))).isEmpty();

        mail.startServer();
        assertThat(mail.await(mailFor(key, "OPENED"), 1, WAIT)).hasSize(1);
        cluster.diskFill("sdw1", null);
        assertThat(mail.await(mailFor(key, "RESOLVED"), 1, WAIT)).hasSize(1);
        assertOpenedAndResolvedOnce(key);
    }

    @Test
    @Order(4)
    void aControllerRestartedDuringAnIncidentNeitherLosesNorRepeatsANotification(TestCluster cluster) throws Exception {
        cluster.diskFill("sdw2", 96.0);
        List<TrapSink.Trap> opened = traps.await(t -> "e2e".equals(t.cluster()) && t.key() != null
                && t.key().startsWith("disk-usage/sdw2:") && t.transition() == 1, 2, WAIT);
        String key = opened.get(opened.size() - 1).key();
        assertThat(mail.await(m -> MailSink.body(m).contains("(key " + key + ")"), 3, WAIT)).hasSize(3);

        controller.close();
        incidents.close();
        // While no controller runs, the disk is cleaned up; the next run must resolve what it cannot
        // have seen end, from its state file and outbox, and must not open it again.
        cluster.diskFill("sdw2", null);
        incidents = new TimedIncidents(AlertingSetup.start(config, Clock.systemUTC(), Clock.systemUTC().instant()));
        controller = ControllerDaemon.start(config, incidents, Clock.systemUTC());
        assertThat(traps.await(trap("e2e", key, 4), 2, WAIT)).hasSize(2);
        Thread.sleep(SETTLE.toMillis());
        assertThat(traps.traps().stream().filter(t -> "e2e".equals(t.cluster()) && key.equals(t.key()))
                .map(TrapSink.Trap::transition)).as("both incidents of " + key).containsExactly(1, 4, 1, 4);
        assertThat(mail.messages().stream().filter(m -> MailSink.body(m).contains("(key " + key + ")"))
                .map(m -> MailSink.header(m, "X-Gpwarden-Transition")))
                .containsExactly("OPENED", "RESOLVED", "OPENED", "RESOLVED");
        awaitHealthy(controller);
    }

    @Test
    @Order(5)
    void aStoppedStandbyIsOneNotStreamingIncidentResolvedWhenItStreamsAgain(TestCluster cluster) throws Exception {
        SegmentRow standby = cluster.catalog().stream().filter(r -> r.content() == -1 && !r.isPrimary())
                .findFirst().orElseThrow();
        long killedAt = System.nanoTime();
        cluster.kill(standby.dbid());
        incidents.awaitRaised("standby-not-streaming", killedAt, WAIT);
        assertThat(traps.await(trap("e2e", "standby-not-streaming", 1), 1, WAIT)).hasSize(1);

        TestCluster.CommandResult r = cluster.ssh(standby.hostname(), "rm -f " + standby.datadir()
                + "/postmaster.pid; pg_ctl -D " + standby.datadir() + " -l " + standby.datadir() + ".e2e.log -w -t 60 start");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(traps.await(trap("e2e", "standby-not-streaming", 4), 1, WAIT)).hasSize(1);
        assertOpenedAndResolvedOnce("standby-not-streaming");
        var replication = controller.board().current().orElseThrow().replication();
        assertThat(replication.state()).isEqualTo("streaming");
    }

    @Test
    @Order(6)
    void aWrongDatabasePasswordIsAConfigurationAlertAndNoSegmentIsReportedDown(TestCluster cluster) throws Exception {
        Path dir = work.resolve("badpw");
        ControllerConfig config = E2eConfig.write(dir, yaml(cluster, "e2e-badpw",
                E2eConfig.secretFile(dir, "db-password", "not-the-password"), dir.resolve("state")));
        try (TimedIncidents bad = new TimedIncidents(AlertingSetup.start(config, Clock.systemUTC(), Clock.systemUTC().instant()));
             ControllerDaemon badController = ControllerDaemon.start(config, bad, Clock.systemUTC())) {
            List<TrapSink.Trap> alert = traps.await(trap("e2e-badpw", "configuration-error/database-login", 1), 1, WAIT);
            assertThat(alert).hasSize(1);
            assertThat(alert.get(0).value(() -> io.gpwarden.alerts.snmp.GpwardenMib.SUMMARY))
                    .contains("rejects gpwarden's login").doesNotContain("not-the-password");
            Thread.sleep(8000);
            // Alive instances behind a rejected login are never "down" (the alerts module may add its own
            // alert-channel incidents; only the controller's conditions are counted here).
            assertThat(traps.traps().stream().filter(t -> "e2e-badpw".equals(t.cluster()))
                    .map(TrapSink.Trap::key).filter(k -> !k.startsWith("alert-channel/")))
                    .containsExactly("configuration-error/database-login");
            assertThat(badController.board().current().orElseThrow().sentence()).contains("rejects gpwarden's login");
        }
        assertThat(Files.readString(work.resolve("snmptrapd/traps.log")))
                .doesNotContain("not-the-password").doesNotContain(cluster.password());
    }
}
