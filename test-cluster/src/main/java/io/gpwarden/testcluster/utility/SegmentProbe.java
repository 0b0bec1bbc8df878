package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.cluster.ClusterAccess;
import io.gpwarden.testcluster.process.PostmasterPid;
import io.gpwarden.testcluster.process.ProcessTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What gpstate learns about one instance on its host (Greenplum's GpGetSegmentStatusValues over
 * SSH) and about a pair from its primary's pg_stat_replication. An instance on a stopped host
 * cannot be asked: {@code fetchWarning} says so, as an SSH failure would.
 */
final class SegmentProbe {
    private SegmentProbe() {
    }

    /** The host-side status of one instance. */
    record HostSide(SegmentRow row, String fetchWarning, boolean pidFileExists, long pid, boolean running) {
        /** gpstate's "Database status" / "Segment status" text; second value: whether it is a warning. */
        String databaseStatus() {
            if (!row.isUp()) {
                return "Down in configuration";
            }
            if (fetchWarning != null) {
                return "Unknown -- unable to load segment status";
            }
            if (!running) {
                return "Process error -- database process may be down";
            }
            return "Up";
        }

        boolean statusIsWarning() {
            return !"Up".equals(databaseStatus());
        }
    }

    static HostSide hostSide(UtilityContext ctx, SegmentRow row) {
        if (!ctx.reachable(row.hostname())) {
            return new HostSide(row, "Unable to connect to host " + row.hostname() + " (ssh: connection refused)", false, 0, false);
        }
        Path d = Path.of(row.datadir());
        Optional<Long> fromFile = PostmasterPid.read(d);
        boolean running = fromFile.isPresent() && ProcessTable.matches(fromFile.get(), d.toString());
        return new HostSide(row, null, fromFile.isPresent(), fromFile.orElse(0L), running);
    }

    /** The mirror's WAL stream as its primary reports it. */
    record Replication(String state, String syncState, String sentLsn, String flushLsn, String replayLsn, Long flushLeft,
                       Long replayLeft, Long sentLeft, String currentLsn, Long syncRemaining) {
    }

    static Optional<Replication> replication(ClusterAccess cluster, SegmentRow primary) {
        try (Connection c = cluster.connect(primary.address(), primary.port(), 5); Statement s = c.createStatement()) {
            String current;
            try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
                rs.next();
                current = rs.getString(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT state, sync_state, sent_lsn, flush_lsn, replay_lsn, "
                    + "pg_wal_lsn_diff(sent_lsn, flush_lsn), pg_wal_lsn_diff(sent_lsn, replay_lsn), "
                    + "pg_wal_lsn_diff(pg_current_wal_lsn(), sent_lsn), pg_wal_lsn_diff(pg_current_wal_flush_lsn(), sent_lsn) "
                    + "FROM pg_stat_replication WHERE application_name = '" + ClusterAccess.WALRECEIVER_NAME
                    + "' ORDER BY backend_start DESC LIMIT 1")) {
                if (!rs.next()) {
                    return Optional.of(new Replication(null, null, null, null, null, null, null, null, current, null));
                }
                return Optional.of(new Replication(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), longOrNull(rs, 6), longOrNull(rs, 7), longOrNull(rs, 8), current, longOrNull(rs, 9)));
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }
}
