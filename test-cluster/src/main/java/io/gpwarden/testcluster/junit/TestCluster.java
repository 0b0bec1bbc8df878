package io.gpwarden.testcluster.junit;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.cluster.ClusterAccess;
import io.gpwarden.testcluster.cluster.RunningCluster;
import io.gpwarden.testcluster.layout.ClusterSpec;
import io.gpwarden.testcluster.layout.HostPlan;
import io.gpwarden.testcluster.state.ClusterState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running Greenplum stand-in as a test sees it: how to connect (JDBC to the acting coordinator,
 * SSH with strict host keys to each host), the faults to inject, and a way to wait for the
 * catalog to reach a state. Every method talks to the real cluster; nothing is simulated here.
 *
 * <p>Timing: {@link #kill} returns once the postmaster is gone; {@link #stopHost} once the host's
 * processes are gone; {@link #startHost} once they run again; {@link #requestProbeScan} once a
 * fresh FTS loop has finished; {@link #awaitCatalog} once the condition holds or fails after its
 * timeout with the last rows in the message.
 */
public final class TestCluster {
    private final RunningCluster running;

    public TestCluster(RunningCluster running) {
        this.running = running;
    }

    public RunningCluster running() {
        return running;
    }

    private ClusterAccess access() {
        return running.access();
    }

    private ClusterState state() {
        return access().state();
    }

    public Path directory() {
        return running.files().root();
    }

    public ClusterSpec spec() {
        return state().spec();
    }

    /** JDBC URL of the acting coordinator, database postgres (where the Greenplum catalog is). */
    public String jdbcUrl() {
        return jdbcUrl(state().database());
    }

    public String jdbcUrl(String database) {
        ClusterAccess.Endpoint e = coordinator();
        return "jdbc:postgresql://" + e.address() + ":" + e.port() + "/" + database;
    }

    /** The acting coordinator (after gpactivatestandby: the promoted standby). */
    public ClusterAccess.Endpoint coordinator() {
        try {
            return access().actingCoordinator().orElseThrow(() -> new IllegalStateException("no coordinator is up"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String user() {
        return access().access().superuser();
    }

    public String password() {
        return access().access().password();
    }

    /** A connection to the acting coordinator as the superuser. */
    public Connection connect() throws SQLException, IOException {
        return access().connectCoordinator();
    }

    /** A connection to any instance, by catalog row. */
    public Connection connect(SegmentRow row) throws SQLException {
        return access().connect(row.address(), row.port(), 10);
    }

    /**
     * A connection to {@code row}'s server once it accepts writes: after FTS marks a mirror
     * primary, its promotion may still be finishing (as in Greenplum, the catalog changes first).
     */
    public Connection connectWhenWritable(SegmentRow row, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Connection c = connect(row);
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return c;
                    }
                }
                c.close();
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("dbid " + row.dbid() + " still in recovery after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** ssh_config with one Host entry per emulated host (strict host-key checking). */
    public Path sshConfig() {
        return running.files().sshConfig();
    }

    /** controller.yaml for gpwarden's controller, written by up (see ControllerConfigFile). */
    public Path controllerConfig() {
        return running.files().controllerConfig();
    }

    public Path knownHosts() {
        return running.files().knownHosts();
    }

    public Path clientKey() {
        return running.files().clientKey();
    }

    /** The login user on every host (the database account: postgres when the JVM is root). */
    public String sshUser() {
        return state().osAccount();
    }

    public int sshPort() {
        return state().sshPort();
    }

    public List<HostPlan> hosts() {
        return state().hosts();
    }

    /** The loopback address of {@code host} (cdw, scdw, sdw1 …). */
    public String address(String host) {
        return running.host(host).address();
    }

    /** What a command run over SSH returned. */
    public record CommandResult(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code command} on {@code host} with {@code ssh -F sshConfig()} and waits (up to 10 minutes). */
    public CommandResult ssh(String host, String command) throws IOException, InterruptedException {
        running.host(host);
        Process p = new ProcessBuilder("ssh", "-F", sshConfig().toString(), host, command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.complete("");
            }
        });
        t.start();
        String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        t.join();
        return new CommandResult(p.exitValue(), stdout, errText.getNow(""));
    }

    /** kill -9 of the postmaster of {@code dbid}. */
    public void kill(int dbid) throws IOException {
        running.kill(dbid);
    }

    /** The FTS daemon's PID, while it runs. */
    public Optional<Long> ftsPid() throws IOException {
        return running.ftsPid();
    }

    /** kill -9 of the FTS daemon; its supervisor starts it again about a second later. Returns the PID killed. */
    public long killFts() throws IOException {
        return running.killFts();
    }

    /** The host loses power: its instances, its sshd and the SSH sessions open to it die at one instant. */
    public void stopHost(String host) throws IOException {
        running.stopHost(host);
    }

    public void startHost(String host) throws IOException {
        running.startHost(host);
    }

    /** gp_disk_free reports {@code percent} % used for {@code host}'s segments; null for real values. */
    public void diskFill(String host, Double percent) throws IOException, SQLException {
        running.diskFill(host, percent);
    }

    /** SELECT gp_request_fts_probe_scan() on the acting coordinator. */
    public void requestProbeScan() throws IOException, SQLException {
        running.requestProbeScan();
    }

    /** gp_segment_configuration of the acting coordinator. */
    public List<SegmentRow> catalog() throws IOException, SQLException {
        return access().catalogRows();
    }

    /** The row of {@code dbid} in {@code rows}. */
    public static SegmentRow row(List<SegmentRow> rows, int dbid) {
        return rows.stream().filter(r -> r.dbid() == dbid).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dbid " + dbid + " in " + rows));
    }

    /** Polls the catalog (every 200 ms) until {@code condition} holds; returns those rows. */
    public List<SegmentRow> awaitCatalog(Predicate<List<SegmentRow>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SegmentRow> last = List.of();
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = catalog();
                if (condition.test(last)) {
                    return last;
                }
            } catch (IOException | SQLException e) {
                lastError = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("catalog condition not met within " + timeout.toSeconds() + " s; last rows: " + last
                + (lastError == null ? "" : "; last error: " + lastError.getMessage()));
    }

    public Optional<String> etcdEndpoints() {
        return Optional.ofNullable(state().etcdEndpoints());
    }

    public Optional<String> kafkaBootstrap() {
        return Optional.ofNullable(state().kafkaBootstrap());
    }

    @Override
    public String toString() {
        return "TestCluster[" + spec().describe() + " in " + directory() + "]";
    }
}
