package io.gpwarden.testcluster.junit;

import static io.gpwarden.testcluster.junit.TestCluster.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.process.ProcessTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Segment faults against a running stand-in, in order (each step starts from the state the one
 * before left): FTS fails a killed primary over, gpstate -e names exactly the damaged pair,
 * gprecoverseg brings it back and -r rebalances, gpmovemirrors refuses a malformed file without
 * touching anything and moves a mirror from a good one, a host loses power (its SSH sessions cut
 * with it), fails over and comes back, a double fault is not promoted, and a killed FTS process is
 * started again and still fails a primary over.
 */
@GreenplumCluster(hosts = 2, primariesPerHost = 2, standby = false, isolated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {
    /** Loops on a loaded 2-core machine run late; this is slack on top of Greenplum's own bound. */
    static final Duration SLACK = Duration.ofSeconds(4);
    static final Duration LONG = Duration.ofSeconds(90);

    static SegmentRow primaryOf(List<SegmentRow> rows, int content) {
        return rows.stream().filter(r -> r.content() == content && r.isPrimary()).findFirst().orElseThrow();
    }

    static SegmentRow mirrorOf(List<SegmentRow> rows, int content) {
        return rows.stream().filter(r -> r.content() == content && !r.isPrimary()).findFirst().orElseThrow();
    }

    /** Every segment up, in sync and in its preferred role (the coordinator has no standby here: mode n). */
    static boolean allSynced(List<SegmentRow> rows) {
        return segments(rows).allMatch(r -> r.isUp() && r.mode() == 's' && r.inPreferredRole());
    }

    static boolean allUpAndSynced(List<SegmentRow> rows) {
        return segments(rows).allMatch(r -> r.isUp() && r.mode() == 's');
    }

    static Stream<SegmentRow> segments(List<SegmentRow> rows) {
        return rows.stream().filter(r -> r.content() >= 0);
    }

    /** Waits until FTS has marked primary {@code p} down and made {@code m} primary; returns those rows. */
    static List<SegmentRow> awaitFailover(TestCluster cluster, SegmentRow p, SegmentRow m, Duration timeout)
            throws InterruptedException {
        return cluster.awaitCatalog(rows -> row(rows, p.dbid()).status() == 'd' && row(rows, m.dbid()).isPrimary(), timeout);
    }

    @Test
    @Order(1)
    void killedPrimaryIsMarkedDownAndItsMirrorPromotedWithinTheProbeIntervalPlusRetries(TestCluster cluster) throws Exception {
        List<SegmentRow> before = cluster.catalog();
        SegmentRow p = primaryOf(before, 0);
        SegmentRow m = mirrorOf(before, 0);
        var fts = io.gpwarden.testcluster.fts.FtsSettings.standIn();
        Duration bound = Duration.ofSeconds(fts.probeIntervalSeconds()).plusMillis(fts.worstLoopMillis()).plus(SLACK);

        long t0 = System.nanoTime();
        cluster.kill(p.dbid());
        // a dead primary must not make gp_stat_replication fail
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM gp_stat_replication")) {
            rs.next();
            assertThat(rs.getInt(1)).isBetween(3, 4);
        }
        List<SegmentRow> after = awaitFailover(cluster, p, m, bound.plusSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as("failover time").isLessThanOrEqualTo(bound);
        assertThat(row(after, p.dbid())).isEqualTo(p.with('m', 'n', 'd'));
        assertThat(row(after, m.dbid())).isEqualTo(m.with('p', 'n', 'u'));
        assertThat(segments(after).filter(r -> r.content() != 0)).allMatch(r -> r.isUp() && r.mode() == 's');
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT dbid, \"desc\" FROM gp_configuration_history WHERE \"desc\" LIKE 'FTS:%'")) {
            List<String> history = new java.util.ArrayList<>();
            while (rs.next()) {
                history.add(rs.getInt(1) + " " + rs.getString(2));
            }
            assertThat(history).contains(
                    p.dbid() + " FTS: update role, status, and mode for dbid " + p.dbid() + " with contentid 0 to m, d, and n",
                    m.dbid() + " FTS: update role, status, and mode for dbid " + m.dbid() + " with contentid 0 to p, u, and n");
        }
        // the promoted mirror takes writes
        try (Connection c = cluster.connectWhenWritable(row(after, m.dbid()), Duration.ofSeconds(30));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE after_failover(x int)");
        }
    }

    @Test
    @Order(2)
    void gpstateEListsExactlyTheProblemPair(TestCluster cluster) throws Exception {
        List<SegmentRow> rows = cluster.catalog();
        SegmentRow acting = primaryOf(rows, 0);
        SegmentRow failed = mirrorOf(rows, 0);
        TestCluster.CommandResult r = cluster.ssh("cdw", "gpstate -e");
        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
        String out = r.stdout();
        String switched = section(out, "Segments with Primary and Mirror Roles Switched");
        String unsync = section(out, "Unsynchronized Segment Pairs");
        String down = section(out, "Downed Segments (may include segments where status could not be retrieved)");
        assertThat(rowsOf(switched)).containsExactly(List.of(acting.address(), "" + acting.port(), failed.address(), "" + failed.port()));
        assertThat(rowsOf(unsync)).containsExactly(List.of(acting.address(), "" + acting.port(), "Unknown", failed.address(),
                "" + failed.port()));
        assertThat(rowsOf(down)).containsExactly(List.of(failed.address(), "" + failed.port(), "Down", "Down in configuration"));
        assertThat(out).doesNotContain("All segments are running normally");
    }

    /** The table rows printed under {@code heading} (header row dropped), split on runs of spaces. */
    static List<List<String>> rowsOf(String section) {
        return section.lines().skip(1).map(l -> List.of(l.substring(l.indexOf(":-") + 2).trim().split("\\s{2,}")))
                .map(cells -> cells.stream().filter(c -> !c.isBlank()).toList()).toList();
    }

    static String section(String out, String heading) {
        List<String> lines = out.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(":-" + heading)) {
                start = i + 1;
            }
        }
        assertThat(start).as("section '%s' in:%n%s", heading, out).isPositive();
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < lines.size() && lines.get(i).contains(":-   "); i++) {
            sb.append(lines.get(i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    @Order(3)
    void gprecoversegBringsTheKilledPrimaryBackAndRebalanceRestoresPreferredRoles(TestCluster cluster) throws Exception {
        TestCluster.CommandResult recover = cluster.ssh("cdw", "gprecoverseg -a");
        assertThat(recover.exitCode()).as(recover.stdout()).isZero();
        assertThat(recover.stdout()).contains("Synchronization mode                 = Incremental")
                .contains("Segments successfully recovered.");
        cluster.awaitCatalog(ClusterFaultsIT::allUpAndSynced, LONG);

        TestCluster.CommandResult rebalance = cluster.ssh("cdw", "gprecoverseg -r -a");
        assertThat(rebalance.exitCode()).as(rebalance.stdout()).isZero();
        assertThat(rebalance.stdout()).contains("The rebalance operation has completed successfully.");
        assertThat(cluster.catalog()).allMatch(SegmentRow::inPreferredRole);
        cluster.awaitCatalog(ClusterFaultsIT::allSynced, LONG);
        try (Connection c = cluster.connect(primaryOf(cluster.catalog(), 0)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM after_failover")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        TestCluster.CommandResult state = cluster.ssh("cdw", "gpstate -e");
        assertThat(state.exitCode()).isZero();
        assertThat(state.stdout()).contains("All segments are running normally");
    }

    @Test
    @Order(4)
    void gpmovemirrorsReportsTheMalformedLineAndChangesNothing(TestCluster cluster) throws Exception {
        List<SegmentRow> before = cluster.catalog();
        SegmentRow m1 = mirrorOf(before, 1);
        Path dir = Files.createTempDirectory("moves");
        Path input = dir.resolve("move.txt");
        Files.writeString(input, "# move content 1's mirror\n"
                + m1.triple() + " " + m1.address() + "|" + (m1.port() + 10) + "|" + m1.datadir() + "x\n"
                + "\n"
                + m1.address() + "|" + m1.port() + " " + m1.triple() + "\n");
        makeReadable(dir, input);
        TestCluster.CommandResult r = cluster.ssh("cdw", "gpmovemirrors -i " + input);
        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(3);
        assertThat(r.stdout()).contains("gpmovemirrors failed: Invalid input file on line 4 of file " + input
                + ": expected 3 parts in old and new groups, got 2 and 3");
        assertThat(cluster.catalog()).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("move.txt");
        }
        assertThat(Path.of(m1.datadir() + "x")).doesNotExist();
        assertThat(cluster.running().access().instance(m1, java.util.Optional.empty()).isRunning()).isTrue();
    }

    @Test
    @Order(5)
    void gpmovemirrorsMovesAMirrorAndWritesTheBackoutFile(TestCluster cluster) throws Exception {
        List<SegmentRow> before = cluster.catalog();
        SegmentRow m1 = mirrorOf(before, 1);
        String newDir = m1.datadir().replace("/mirror/gpseg1", "/mirror2/gpseg1");
        Path dir = Files.createTempDirectory("moves");
        Path input = dir.resolve("move.txt");
        Files.writeString(input, m1.triple() + " " + m1.address() + "|" + (m1.port() + 10) + "|" + newDir + "\n");
        makeReadable(dir, input);
        TestCluster.CommandResult r = cluster.ssh("cdw", "gpmovemirrors -i " + input);
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        List<SegmentRow> after = cluster.awaitCatalog(ClusterFaultsIT::allSynced, LONG);
        SegmentRow moved = row(after, m1.dbid());
        assertThat(moved.port()).isEqualTo(m1.port() + 10);
        assertThat(moved.datadir()).isEqualTo(newDir);
        assertThat(Path.of(m1.datadir())).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            Path backout = files.filter(p -> p.getFileName().toString().matches("move\\.txt_backout_\\d{12}"))
                    .findFirst().orElseThrow();
            assertThat(Files.readString(backout).strip())
                    .isEqualTo(m1.address() + "|" + (m1.port() + 10) + "|" + newDir + " " + m1.triple());
        }
    }

    static void makeReadable(Path dir, Path file) throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    @Order(6)
    void stoppingAHostCutsTheSshSessionsOpenToIt(TestCluster cluster) throws Exception {
        try (SSHClient sshj = new SSHClient()) {
            sshj.addHostKeyVerifier(new OpenSSHKnownHosts(cluster.knownHosts().toFile()));
            sshj.connect(cluster.address("sdw2"), cluster.sshPort());
            sshj.authPublickey(cluster.sshUser(), sshj.loadKeys(cluster.clientKey().toString()));
            try (Session session = sshj.startSession()) {
                Session.Command echo = session.exec("echo $GPWARDEN_HOST");
                assertThat(new String(echo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("sdw2");
            }
            // an OpenSSH session running a command, which starts a daemon that leaves the session (as pg_ctl does)
            Process ssh = new ProcessBuilder("ssh", "-F", cluster.sshConfig().toString(), "sdw2",
                    "sleep 600 & echo $!; setsid sleep 601 </dev/null >/dev/null 2>&1 & echo $!; wait")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(ssh.getInputStream(), StandardCharsets.UTF_8));
            long command = Long.parseLong(out.readLine().strip());
            ProcessHandle daemon = ProcessHandle.of(Long.parseLong(out.readLine().strip())).orElseThrow();
            try {
                cluster.stopHost("sdw2");

                assertThat(ssh.waitFor(10, TimeUnit.SECONDS)).as("ssh ends when the host loses power").isTrue();
                assertThat(ssh.exitValue()).isEqualTo(255);
                assertThat(out.lines().toList()).anyMatch(l -> l.contains("closed by remote host"));
                assertThat(ProcessTable.isRunning(command)).as("the session's command died with the host").isFalse();
                assertThat(daemon.isAlive()).as("a process that left the session is not the session's").isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (sshj.isConnected() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(sshj.isConnected()).as("sshj's open connection is cut").isFalse();
                assertThatThrownBy(sshj::startSession).as("no new session on the cut connection").isNotNull();
            } finally {
                daemon.destroyForcibly();
                ssh.destroyForcibly();
            }
        }
    }

    @Test
    @Order(7)
    void aStoppedHostFailsOverAndComesBackThroughGprecoverseg(TestCluster cluster) throws Exception {
        cluster.stopHost("sdw2");   // already stopped by the step before, unless it failed early
        assertThat(cluster.ssh("sdw2", "true").exitCode()).isEqualTo(255);
        List<SegmentRow> rows = cluster.awaitCatalog(rs -> rs.stream().filter(r -> r.content() >= 0)
                .allMatch(r -> r.hostname().equals("sdw1") ? r.isPrimary() && r.isUp() : !r.isUp()), LONG);
        assertThat(rows.stream().filter(r -> r.hostname().equals("sdw2"))).hasSize(4).allMatch(r -> r.status() == 'd');

        TestCluster.CommandResult unreachable = cluster.ssh("cdw", "gprecoverseg -a");
        assertThat(unreachable.exitCode()).isZero();
        assertThat(unreachable.stdout()).contains("Host sdw2 is unreachable").contains("No segments to recover");

        cluster.startHost("sdw2");
        assertThat(cluster.ssh("sdw2", "true").exitCode()).isZero();
        TestCluster.CommandResult recover = cluster.ssh("sdw2", "gprecoverseg -aF");
        assertThat(recover.exitCode()).as(recover.stdout()).isZero();
        assertThat(recover.stdout()).contains("Synchronization mode                 = Full").contains("Running pg_basebackup");
        cluster.awaitCatalog(ClusterFaultsIT::allUpAndSynced, LONG);
        TestCluster.CommandResult rebalance = cluster.ssh("sdw2", "gprecoverseg -r -a");
        assertThat(rebalance.exitCode()).as(rebalance.stdout()).isZero();
        cluster.awaitCatalog(ClusterFaultsIT::allSynced, LONG);
    }

    @Test
    @Order(8)
    void aDoubleFaultIsNotPromoted(TestCluster cluster) throws Exception {
        List<SegmentRow> rows = cluster.catalog();
        SegmentRow p = primaryOf(rows, 1);
        SegmentRow m = mirrorOf(rows, 1);
        cluster.kill(m.dbid());
        cluster.awaitCatalog(rs -> row(rs, m.dbid()).status() == 'd' && row(rs, p.dbid()).mode() == 'n', LONG);
        // FTS turned synchronous replication off (SYNCREP_OFF): commits on the primary do not wait
        try (Connection c = cluster.connect(p); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = '10s'");
            s.execute("CREATE TABLE written_without_mirror(x int)");
            try (ResultSet rs = s.executeQuery("SHOW synchronous_standby_names")) {
                rs.next();
                assertThat(rs.getString(1)).isEmpty();
            }
        }
        cluster.kill(p.dbid());
        for (int i = 0; i < 3; i++) {
            cluster.requestProbeScan();
        }
        List<SegmentRow> after = cluster.catalog();
        assertThat(row(after, p.dbid())).isEqualTo(p.with('p', 'n', 'u'));
        assertThat(row(after, m.dbid())).isEqualTo(m.with('m', 'n', 'd'));
        assertThat(Files.readString(cluster.directory().resolve("logs/fts.log")))
                .contains("FTS: double fault detected: primary (content=1, dbid=" + p.dbid() + ") is down");
        TestCluster.CommandResult state = cluster.ssh("cdw", "gpstate -e");
        assertThat(state.stdout()).contains("DATABASE IS PROBABLY UNAVAILABLE");
    }

    @Test
    @Order(9)
    void aKilledFtsProcessIsStartedAgainAndStillFailsAPrimaryOver(TestCluster cluster) throws Exception {
        List<SegmentRow> rows = cluster.catalog();
        SegmentRow p = primaryOf(rows, 0);
        SegmentRow m = mirrorOf(rows, 0);
        assertThat(p.mode()).isEqualTo('s');

        long killed = cluster.killFts();
        cluster.kill(p.dbid());
        List<SegmentRow> after = awaitFailover(cluster, p, m, LONG);
        assertThat(row(after, m.dbid())).isEqualTo(m.with('p', 'n', 'u'));
        assertThat(cluster.ftsPid()).get().isNotEqualTo(killed);
        assertThat(Files.readString(cluster.directory().resolve("logs/fts.log")))
                .contains("FTS supervisor: the FTS daemon (pid " + killed + ") exited with status 137; starting it again in 1 s");
    }
}
