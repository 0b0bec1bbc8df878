package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.layout.HostPlan;
import io.gpwarden.testcluster.layout.InstancePlan;
import io.gpwarden.testcluster.process.LauncherCleanup;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.process.PostmasterPid;
import io.gpwarden.testcluster.process.PowerCut;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.process.ProcessTable;
import io.gpwarden.testcluster.ssh.HostSshd;
import io.gpwarden.testcluster.state.ClusterFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running stand-in cluster and the faults that can be injected into it.
 *
 * <p>Timing: {@link #kill} returns once the postmaster is gone (kill -9; its children follow on
 * their own, as with a real crash); {@link #stopHost} once every server of the host, its sshd and
 * the SSH sessions open to it are gone (all SIGKILLed at one instant: the host lost power); {@link #startHost}
 * once its sshd accepts connections and the servers that were running are up again, except
 * segments the acting catalog marks down (they wait for gprecoverseg, as after a real reboot);
 * {@link #down} once every recorded process is gone.
 */
public final class RunningCluster implements AutoCloseable {
    private final ClusterAccess cluster;
    private final LauncherCleanup cleanup;

    private RunningCluster(ClusterAccess cluster, boolean stopAtJvmExit) {
        this.cluster = cluster;
        this.cleanup = new LauncherCleanup("test cluster", () -> cluster.ledger().stopAll(Duration.ofSeconds(20)),
                stopAtJvmExit, null);
    }

    /** A handle on the cluster in {@code dir}; with {@code stopAtJvmExit} it is brought down when this JVM exits. */
    public static RunningCluster open(Path dir, boolean stopAtJvmExit) throws IOException {
        return new RunningCluster(ClusterAccess.open(dir), stopAtJvmExit);
    }

    public ClusterAccess access() {
        return cluster;
    }

    public ClusterFiles files() {
        return cluster.files();
    }

    /** Stops every process the cluster started (by PID, verified by command line). Files stay for inspection. */
    public void down() throws IOException {
        cleanup.close();
    }

    @Override
    public void close() throws IOException {
        down();
    }

    /** The rows of the acting catalog, or (no coordinator up) the instances as created. */
    public List<SegmentRow> instances() throws IOException {
        try {
            return cluster.catalogRows();
        } catch (SQLException e) {
            return cluster.state().instances().stream().map(p -> SegmentRow.of(p, 'n')).toList();
        }
    }

    /** kill -9 of the postmaster of gp_segment_configuration {@code dbid}. */
    public void kill(int dbid) throws IOException {
        List<SegmentRow> rows = instances();
        SegmentRow row = rows.stream().filter(r -> r.dbid() == dbid).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no instance with dbid " + dbid + "; dbids are "
                        + rows.stream().map(SegmentRow::dbid).sorted().toList() + " (see: gpwarden test-cluster status)"));
        PostgresInstance instance = cluster.instance(row, Optional.empty());
        if (instance.pid().isEmpty()) {
            throw new IllegalStateException("dbid " + dbid + " (" + row.hostname() + ":" + row.port() + ") is not running");
        }
        instance.kill();
    }

    /** The FTS daemon's PID, while it runs (its supervisor restarts it about a second after it dies). */
    public Optional<Long> ftsPid() throws IOException {
        return FtsLauncher.daemonPid(cluster);
    }

    /** kill -9 of the FTS daemon (not of its supervisor, which starts it again); returns its PID. */
    public long killFts() throws IOException {
        long pid = ftsPid().orElseThrow(() -> new IllegalStateException("the FTS daemon is not running; see "
                + cluster.files().logsDir().resolve("fts.log")));
        ProcessTable.kill9(pid, FtsLauncher.marker(cluster));
        ProcessTable.awaitExit(pid, Duration.ofSeconds(10));
        return pid;
    }

    /** Throws a usage error naming the hosts when {@code host} is not one of them. */
    public HostPlan host(String host) {
        return cluster.state().host(host).orElseThrow(() -> new IllegalArgumentException("unknown host '" + host
                + "'; the hosts of this cluster are " + String.join(", ", cluster.state().hostNames())));
    }

    public boolean isHostStopped(String host) {
        return Files.exists(cluster.files().stoppedMarker(host));
    }

    /**
     * Every instance of {@code host}, its sshd and the SSH sessions open to it die at one instant
     * (see {@link PowerCut}); returns the data directories that ran.
     */
    public List<Path> stopHost(String host) throws IOException {
        HostPlan plan = host(host);
        if (isHostStopped(host)) {
            return List.of();
        }
        Path root = cluster.files().hostRoot(host);
        List<Path> running = new ArrayList<>();
        for (ProcessLedger.Entry e : cluster.ledger().entries()) {
            if ("postgres".equals(e.kind()) && e.dataDirectory() != null && e.dataDirectory().startsWith(root)
                    && PostmasterPid.live(e.dataDirectory()).isPresent()) {
                running.add(e.dataDirectory());
            }
        }
        Files.createDirectories(cluster.files().stoppedMarker(host).getParent());
        Files.write(cluster.files().stoppedMarker(host), running.stream().map(Path::toString).toList());
        PowerCut cut = new PowerCut();
        for (Path d : running) {
            PostmasterPid.live(d).ifPresent(pid -> cut.freeze(pid, d.toString(), PowerCut.Membership.ALL));
        }
        HostSshd sshd = SshSetup.sshdOf(cluster.state(), plan);
        for (ProcessLedger.Entry e : cluster.ledger().entries()) {
            if (e.name().equals(HostSshd.ledgerName(host))) {
                e.livePid().ifPresent(pid -> cut.freeze(pid, sshd.configFile().toString(), HostSshd.SESSION_PROCESSES));
            }
        }
        for (long pid : cut.kill()) {
            ProcessTable.awaitExit(pid, Duration.ofSeconds(10));
        }
        return running;
    }

    /** Brings {@code host} back: its sshd, then the servers that ran when it stopped (see the class comment). */
    public List<Path> startHost(String host) throws IOException {
        HostPlan plan = host(host);
        Path marker = cluster.files().stoppedMarker(host);
        if (!Files.exists(marker)) {
            return List.of();
        }
        List<Path> wereRunning = Files.readAllLines(marker).stream().filter(l -> !l.isBlank()).map(Path::of).toList();
        SshSetup.sshdOf(cluster.state(), plan).start(cluster.ledger());
        Files.delete(marker);
        List<SegmentRow> rows;
        try {
            rows = cluster.catalogRows();
        } catch (SQLException e) {
            rows = List.of();
        }
        List<Path> started = new ArrayList<>();
        for (Path d : wereRunning) {
            Optional<SegmentRow> row = rows.stream().filter(r -> Path.of(r.datadir()).equals(d)).findFirst();
            if (row.isPresent() && !row.get().isUp() && !row.get().isCoordinatorSide()) {
                continue;
            }
            PostgresInstance instance = PostgresInstance.existing(cluster.access(), d);
            if (instance.pid().isEmpty()) {
                instance.start();
                started.add(d);
            }
        }
        return started;
    }

    /** Makes gp_toolkit.gp_disk_free report {@code percent} % used for {@code host}'s segments (null: real values). */
    public void diskFill(String host, Double percent) throws IOException, SQLException {
        host(host);
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("PERCENT must be between 0 and 100, not " + percent);
        }
        try (Connection c = cluster.connectCoordinator()) {
            new Catalog(c).setDiskFill(host, percent);
        }
    }

    /** Asks FTS for a fresh probe loop on the acting coordinator and waits for it. */
    public void requestProbeScan() throws IOException, SQLException {
        try (Connection c = cluster.connectCoordinator()) {
            new Catalog(c).requestProbeScan();
        }
    }

    /** The instances planned by up (the catalog is the live truth). */
    public List<InstancePlan> plannedInstances() {
        return cluster.state().instances();
    }
}
