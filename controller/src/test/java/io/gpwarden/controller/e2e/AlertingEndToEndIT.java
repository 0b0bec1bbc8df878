package io.gpwarden.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.snmp.GpwardenMib;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.run.AlertingSetup;
import io.gpwarden.controller.run.ControllerDaemon;
import io.gpwarden.controller.config.ControllerConfigReader;
import io.gpwarden.controller.decide.ClusterHealth;
import io.gpwarden.controller.status.ClusterStatus;
import io.gpwarden.controller.status.DirectStatus;
import io.gpwarden.controller.status.StatusText;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import io.gpwarden.testcluster.ssh.SshKeys;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * primary, a disk filling past 90 % (sizes from df over each host's real sshd: no capacity table
 * exists on this cluster), an SMTP outage during an incident, a restart mid-incident, a stopped
 * standby, a second controller with a wrong database password, a third one whose known_hosts
 * holds a wrong key for one host, and last a host that loses power. Each step counts
 * notifications per incident key and transition: exactly one of each, at every receiver.
 */
@GreenplumCluster(hosts = 2, primariesPerHost = 1, mirroring = "group", standby = true, isolated = true, fsync = false,
        diskUsedPercent = AlertingEndToEndIT.CALM_PERCENT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class AlertingEndToEndIT {
    private static final Logger log = LoggerFactory.getLogger(AlertingEndToEndIT.class);
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Flap window of the test configuration plus slack: after it, a RESOLVED must have been sent. */
    static final Duration SETTLE = Duration.ofSeconds(8);
    /**
     * What "cleaned up" means here. Not the machine's real df: its avail/size can sit anywhere (on
     * the CI machine it is 75 %, inside the warning band's hysteresis, so a disk "cleaned up" to its
     * real value stayed a warning and the resolutions never came).
     */
    public static final double CALM_PERCENT = 40.0;

    static Path work;
    static TrapSink traps;
    static MailSink mail;
    static TimedIncidents incidents;
    static ControllerDaemon controller;
    static ControllerConfig config;

    @BeforeAll
    static void start(TestCluster cluster) throws Exception {
        work = Files.createTempDirectory("gpwarden-e2e-");
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
        return yaml(cluster, name, passwordFile, state, E2eConfig.sshSection(cluster));
    }

    static String yaml(TestCluster cluster, String name, Path passwordFile, Path state, String ssh) throws Exception {
        return E2eConfig.clusterSection(cluster, name, passwordFile) + E2eConfig.timings("") + ssh
                + "state_directory: " + state + "\n"
                + "alerts:\n"
                + "  channels:\n"
                + traps.channelYaml("nms", "pdu: inform", "timeout: 1s", "retries: 1")
                + mail.channelYaml("mail")
                + "  policy: {flap_window: 5s}\n"
                + "  delivery: {initial_backoff: 300ms, max_backoff: 2s, breaker_failures: 3, breaker_open_for: 2s,"
                + " config_error_backoff: 5s}\n";
    }

    public static void awaitHealthy(ControllerDaemon daemon) throws InterruptedException {
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

    public static Predicate<TrapSink.Trap> trap(String cluster, String key, int transition) {
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
            assertThat(t.value(GpwardenMib.SUMMARY))
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
        // The percentages come from df over SSH: there is no capacity table or view to read sizes from.
        assertThat(config.disk().capacityTable()).isEmpty();
        assertThat(config.sizesOverSsh()).isTrue();
        try (var c = cluster.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT to_regclass('gpwarden.disk_capacity') IS NULL,"
                     + " (SELECT count(*) FROM pg_namespace WHERE nspname = 'gpwarden')")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getInt(2)).isZero();
        }
        cluster.diskFill("sdw2", 92.0);
        List<TrapSink.Trap> critical = traps.await(t -> "e2e".equals(t.cluster()) && t.key() != null
                && t.key().startsWith("disk-usage/sdw2:") && t.transition() == 1, 1, WAIT);
        assertThat(critical).hasSize(1);
        String key = critical.get(0).key();
        assertThat(critical.get(0).value(GpwardenMib.SUMMARY)).contains("92 % full");
        assertThat(critical.get(0).value(GpwardenMib.SEVERITY)).isEqualTo("3");

        cluster.diskFill("sdw2", 87.0);
        Thread.sleep(5000);
        assertThat(traps.traps().stream().filter(t -> key.equals(t.key()))).as("inside the band").hasSize(1);

        cluster.diskFill("sdw2", CALM_PERCENT);
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
        cluster.diskFill("sdw1", CALM_PERCENT);
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
        cluster.diskFill("sdw2", CALM_PERCENT);
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
            assertThat(alert.get(0).value(GpwardenMib.SUMMARY))
                    .contains("rejects gpwarden's login").doesNotContain("not-the-password");
            Thread.sleep(8000);
            // Alive instances behind a rejected login are never "down" (the alerts module may add its own
            // alert-channel incidents; only the controller's conditions are counted here).
            assertThat(traps.traps().stream().filter(t -> "e2e-badpw".equals(t.cluster()))
                    .map(TrapSink.Trap::key).filter(k -> !k.startsWith("alert-channel/")))
                    .containsExactly("configuration-error/database-login");
            assertThat(badController.board().current().orElseThrow().sentence()).contains("rejects gpwarden's login");
        }
        assertThat(traps.logText())
                .doesNotContain("not-the-password").doesNotContain(cluster.password());
    }

    @Test
    @Order(7)
    void aHostKeyKnownHostsDoesNotVouchForIsRefusedWithOneSecurityAlertWhileTheOtherHostsAreRead(TestCluster cluster)
            throws Exception {
        Path dir = work.resolve("hostkey");
        Files.createDirectories(dir);
        // A key of this controller's own, so that sshd's log tells its logins from everybody else's.
        Path key = dir.resolve("id_ed25519");
        String publicKey = SshKeys.generate(key, "gpwarden-e2e-hostkey");
        Files.writeString(cluster.running().files().authorizedKeys(), publicKey + " gpwarden-e2e-hostkey\n",
                StandardOpenOption.APPEND);
        String keyFingerprint = fingerprint(SshKeys.publicKeyOf(key));
        // known_hosts vouches for scdw's key where sdw1's belongs.
        List<String> lines = Files.readAllLines(cluster.knownHosts());
        String scdwKey = keyOf(lines.stream().filter(l -> l.contains("[scdw]:")).findFirst().orElseThrow());
        Path knownHosts = dir.resolve("known_hosts");
        Files.write(knownHosts, lines.stream().map(l -> l.contains("[sdw1]:") ? l.split(" ")[0] + " " + scdwKey : l)
                .toList());
        // The ssh: section alone this time (no OpenSSH config file), with per-host addresses.
        StringBuilder ssh = new StringBuilder("ssh:\n  user: " + cluster.sshUser() + "\n  port: " + cluster.sshPort()
                + "\n  identity_file: " + key + "\n  known_hosts: " + knownHosts + "\n  idle_close: 1s\n  hosts:\n");
        for (var h : cluster.hosts()) {
            ssh.append("    ").append(h.name()).append(": {address: ").append(h.address()).append("}\n");
        }
        ControllerConfig hostKeyConfig = E2eConfig.write(dir, yaml(cluster, "e2e-hostkey",
                E2eConfig.secretFile(dir, "db-password", cluster.password()), dir.resolve("state"), ssh.toString()));
        String sdw1Presented = "ssh-ed25519 " + fingerprint(cluster.directory().resolve("ssh/hosts/sdw1/ssh_host_ed25519_key.pub"));

        try (TimedIncidents inc = new TimedIncidents(AlertingSetup.start(hostKeyConfig, Clock.systemUTC(),
                Clock.systemUTC().instant()));
             ControllerDaemon daemon = ControllerDaemon.start(hostKeyConfig, inc, Clock.systemUTC())) {
            List<TrapSink.Trap> alert = traps.await(trap("e2e-hostkey", "host-key-rejected/sdw1", 1), 1, WAIT);
            assertThat(alert).hasSize(1);
            assertThat(alert.get(0).value(GpwardenMib.SEVERITY)).isEqualTo("3");
            assertThat(alert.get(0).value(GpwardenMib.SUMMARY))
                    .isEqualTo("SECURITY: sdw1 presented an SSH host key other than the one known_hosts lists;"
                            + " refused, nothing ran");
            assertThat(mail.await(m -> MailSink.subject(m).contains("[gpwarden e2e-hostkey] CRITICAL")
                    && MailSink.subject(m).contains("SECURITY host key of sdw1 rejected"), 1, WAIT)).hasSize(1);

            ClusterStatus status = awaitStatus(daemon, s -> s.hosts().size() == 4
                    && s.hosts().stream().filter(h -> !h.hostname().equals("sdw1")).allMatch(h -> h.state().equals("ok"))
                    && s.disks().stream().anyMatch(d -> d.hostname().equals("sdw2") && d.usedPercent() != null));
            ClusterStatus.HostView sdw1 = status.hosts().stream().filter(h -> h.hostname().equals("sdw1")).findFirst()
                    .orElseThrow();
            assertThat(sdw1.state()).isEqualTo("host key mismatch");
            assertThat(sdw1.presentedKey()).isEqualTo(sdw1Presented);
            assertThat(status.disks()).filteredOn(d -> d.hostname().equals("sdw1"))
                    .allSatisfy(d -> assertThat(d.usedPercent()).as("no size without a trusted sdw1").isNull());
            Thread.sleep(SETTLE.toMillis());
        }
        assertThat(traps.traps().stream().filter(t -> "e2e-hostkey".equals(t.cluster()))
                .map(t -> t.key() + " " + t.transition()).filter(k -> !k.startsWith("alert-channel/")))
                .as("one alert, about sdw1 only").containsExactly("host-key-rejected/sdw1 1");
        assertThat(logins(cluster, "sdw1", keyFingerprint)).as("nothing ran on sdw1: no login").isZero();
        assertThat(logins(cluster, "sdw2", keyFingerprint)).as("sdw2 was read with the same key").isPositive();
    }

    @Test
    @Order(8)
    void aHostThatLosesPowerIsUnreachableOverSshWhileTheOtherHostsAndTheProbesCarryOn(TestCluster cluster)
            throws Exception {
        awaitStatus(controller, s -> s.hosts().size() == 4 && s.hosts().stream().allMatch(h -> h.state().equals("ok")));
        long lateBefore = controller.loop().stats().lateTicks();
        long stoppedAt = System.nanoTime();
        cluster.stopHost("sdw2");
        long raisedAt = incidents.awaitRaised("host-unreachable/sdw2", stoppedAt, WAIT);
        log.info("stop-host -> host-unreachable decision: {} ms", (raisedAt - stoppedAt) / 1_000_000);
        // FTS marks sdw2's instances down within seconds, which makes sdw2 due at the next disk read
        // (every 2 s here); three refused attempts take 1.5 s.
        assertThat(Duration.ofNanos(raisedAt - stoppedAt)).isLessThan(Duration.ofSeconds(30));
        List<TrapSink.Trap> opened = traps.await(trap("e2e", "host-unreachable/sdw2", 1), 1, WAIT);
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).value(GpwardenMib.SUMMARY))
                .isEqualTo("sdw2 cannot be reached over SSH");

        ClusterStatus status = awaitStatus(controller, s -> s.hosts().stream()
                .anyMatch(h -> h.hostname().equals("sdw2") && h.state().equals("unreachable")));
        assertThat(status.hosts()).filteredOn(h -> !h.hostname().equals("sdw2"))
                .extracting(ClusterStatus.HostView::state).containsOnly("ok");
        assertThat(status.hosts()).filteredOn(h -> h.hostname().equals("sdw2")).singleElement()
                .satisfies(h -> assertThat(h.detail()).contains("connection refused"));
        assertThat(status.disks()).filteredOn(d -> d.hostname().equals("sdw1"))
                .allSatisfy(d -> assertThat(d.usedPercent()).isNotNull());
        assertThat(controller.loop().stats().lateTicks()).as("the probe loop was never held up").isEqualTo(lateBefore);

        // gpwarden status reads the hosts itself, with its short SSH timeouts (DirectStatus is what
        // the command runs; cli's StatusAndFlappingIT checks the command's own exit codes).
        long start = System.nanoTime();
        DirectStatus.Readout readout = DirectStatus.read(
                ControllerConfigReader.read(work.resolve("controller/controller.yaml")), true, Clock.systemUTC());
        String out = StatusText.render(readout.status());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.info("gpwarden status with sdw2 stopped: {} ms", took.toMillis());
        assertThat(readout.decision().health()).as(out).isEqualTo(ClusterHealth.DEGRADED);
        assertThat(out).contains("SSH           3 of 4 hosts answer")
                .containsPattern("\\n  sdw2 +unreachable: .*connection refused")
                .containsPattern("sdw1 +\\S+ +\\[[#-]{20}\\] +\\d+ %");
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }

    static ClusterStatus awaitStatus(ControllerDaemon daemon, Predicate<ClusterStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var status = daemon.board().current();
            if (status.isPresent() && condition.test(status.get())) {
                return status.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the status never showed it: " + daemon.board().current().map(s -> s.hosts() + " "
                + s.sentence()));
    }

    /** The "type base64" part of a known_hosts line. */
    static String keyOf(String knownHostsLine) {
        String[] parts = knownHostsLine.trim().split("\\s+");
        return parts[parts.length - 2] + " " + parts[parts.length - 1];
    }

    static String fingerprint(Path publicKey) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-lf", publicKey.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out.split("\\s+")[1];
    }

    /** Logins sshd of {@code host} accepted with the key of {@code fingerprint}. */
    static long logins(TestCluster cluster, String host, String fingerprint) throws Exception {
        return Files.readAllLines(cluster.directory().resolve("logs/sshd-" + host + ".log")).stream()
                .filter(l -> l.contains("Accepted publickey") && l.contains(fingerprint)).count();
    }
}
