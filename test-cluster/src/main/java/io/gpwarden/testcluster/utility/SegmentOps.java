package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.cluster.ClusterAccess;
import io.gpwarden.testcluster.postgres.PostgresAccess;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.process.ExternalCommand;
import io.gpwarden.testcluster.process.PostmasterPid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real work under the utilities, done with PostgreSQL's own tools as the database account:
 * stop and start a segment, rewind it from its peer (incremental recovery), copy it from its peer
 * with pg_basebackup (full recovery, new mirrors, a new standby), promote it, and wait for its WAL
 * stream. Every server it creates is recorded in the cluster's ledger so that {@code down} stops
 * it. After every copy the per-node settings are written again (pg_rewind and pg_basebackup copy
 * the source's configuration).
 */
public final class SegmentOps {
    private final ClusterAccess cluster;

    public SegmentOps(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    private PostgresAccess access() {
        return cluster.access();
    }

    public boolean isRunning(SegmentRow row) {
        return PostmasterPid.live(Path.of(row.datadir())).isPresent();
    }

    public Optional<Long> pid(SegmentRow row) {
        return PostmasterPid.live(Path.of(row.datadir()));
    }

    /** Fast shutdown (immediate if fast does not finish), as gpstop/GpSegStopCmd do. */
    public void stop(SegmentRow row) {
        if (!isRunning(row)) {
            return;
        }
        ExternalCommand.Result r = ExternalCommand.run(access().asAccount("pg_ctl", "-D", row.datadir(), "-m", "fast",
                "-w", "-t", "60", "stop"), access().environment(), Duration.ofSeconds(70));
        if (!r.ok() && isRunning(row)) {
            ExternalCommand.run(access().asAccount("pg_ctl", "-D", row.datadir(), "-m", "immediate", "-w", "stop"),
                    access().environment(), Duration.ofSeconds(30));
        }
    }

    /** Starts {@code row} configured as primary, or as a replica of {@code primary}. */
    public void start(SegmentRow row, Optional<SegmentRow> primary) throws IOException {
        PostgresInstance instance = cluster.instance(row, primary);
        instance.configure(cluster.nodeConfig(row, primary));
        cluster.ledger().recordPostgres(cluster.ledgerName(Path.of(row.datadir())), Path.of(row.datadir()));
        instance.start();
    }

    /**
     * Incremental recovery: pg_rewind {@code target} from {@code source}, then configure it as
     * source's mirror. A target that died as a mirror (standby.signal present) cannot have diverged
     * from its primary, and pg_rewind's single-user crash recovery refuses standby mode, so such a
     * target is only reconfigured: it recovers by itself when it starts streaming.
     */
    public ExternalCommand.Result rewind(SegmentRow target, SegmentRow source) throws IOException {
        stop(target);
        cluster.instance(target, Optional.of(source)).removeStaleLockFile();
        if (Files.exists(Path.of(target.datadir()).resolve("standby.signal"))) {
            cluster.instance(target, Optional.of(source)).configure(cluster.nodeConfig(target, Optional.of(source)));
            return new ExternalCommand.Result(List.of("pg_rewind"), 0, "no rewind required: dbid " + target.dbid()
                    + " stopped as a mirror of " + source.hostname() + ":" + source.port());
        }
        checkpoint(source);
        ExternalCommand.Result r = ExternalCommand.run(access().asAccount("pg_rewind", "--target-pgdata=" + target.datadir(),
                "--source-server=" + conninfo(source, "gp_rewind"), "--no-sync"),
                access().environment(), Duration.ofMinutes(10));
        if (r.ok()) {
            cluster.instance(target, Optional.of(source)).configure(cluster.nodeConfig(target, Optional.of(source)));
        }
        return r;
    }

    /**
     * CHECKPOINT on the rewind source: a recently promoted source's control file still names the
     * old timeline until its first checkpoint, and pg_rewind would then rewind to the wrong
     * timeline (PostgreSQL's pg_rewind documentation asks for exactly this).
     */
    private void checkpoint(SegmentRow source) throws IOException {
        try (Connection c = cluster.connect(source.address(), source.port(), 10); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IOException("CHECKPOINT on the recovery source dbid " + source.dbid() + " failed: " + e.getMessage(), e);
        }
    }

    /** Full recovery: a fresh copy of {@code source} at {@code target}'s location, configured as its mirror. */
    public ExternalCommand.Result basebackup(SegmentRow target, SegmentRow source) throws IOException {
        stop(target);
        Path dir = Path.of(target.datadir());
        removeDirectory(dir);
        makeParents(dir.getParent());
        ExternalCommand.Result r = ExternalCommand.run(access().asAccount("pg_basebackup", "-D", dir.toString(),
                "-d", conninfo(source, "gp_basebackup"), "-X", "stream", "--checkpoint=fast", "--no-sync"),
                access().environment(), Duration.ofMinutes(20));
        if (r.ok()) {
            cluster.instance(target, Optional.of(source)).configure(cluster.nodeConfig(target, Optional.of(source)));
        }
        return r;
    }

    /** pg_ctl promote, waiting for the promotion to finish. */
    public ExternalCommand.Result promote(String datadir) {
        return ExternalCommand.run(access().asAccount("pg_ctl", "promote", "-D", datadir, "-w", "-t", "600"),
                access().environment(), Duration.ofSeconds(610));
    }

    /** Deletes a data directory (only one that looks like one or is empty). */
    public void removeDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        boolean looksLikeData = Files.exists(dir.resolve("PG_VERSION")) || isEmpty(dir);
        if (!looksLikeData) {
            throw new IOException("refusing to remove " + dir + ": not a PostgreSQL data directory");
        }
        ExternalCommand.run(access().account().command(List.of("rm", "-rf", dir.toString())), Duration.ofMinutes(2)).orThrow();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private void makeParents(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            access().account().ownedDirectory(p);
        }
    }

    private String conninfo(SegmentRow source, String applicationName) {
        return "host=" + source.address() + " port=" + source.port() + " user=" + access().superuser()
                + " dbname=" + cluster.state().database() + " application_name=" + applicationName + " connect_timeout=10";
    }

    /** Waits until {@code primary} shows a WAL sender to its mirror (true), or the timeout passes (false). */
    public boolean awaitMirrorConnected(SegmentRow primary, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = cluster.connect(primary.address(), primary.port(), 5); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE application_name = '"
                         + ClusterAccess.WALRECEIVER_NAME + "'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return true;
                }
            } catch (SQLException e) {
                // the primary may be restarting; keep waiting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
