package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.process.Pause;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings every primary–mirror pair (and coordinator–standby) of a freshly created cluster to
 * Greenplum's steady state: the mirror streams, the primary runs with
 * {@code synchronous_standby_names = '*'}, and the catalog says mode {@code s}. Afterwards the
 * FTS emulation keeps it that way.
 */
public final class ReplicationSetup {
    private ReplicationSetup() {
    }

    /** Waits (up to {@code timeout}) until every pair streams, turns sync rep on, marks them in sync. */
    public static void syncAllPairs(ClusterAccess cluster, Duration timeout) throws IOException, SQLException {
        List<SegmentRow> rows = cluster.catalogRows();
        Map<SegmentRow, SegmentRow> pairs = new LinkedHashMap<>();
        for (SegmentRow p : rows) {
            if (!p.isPrimary()) {
                continue;
            }
            Optional<SegmentRow> m = rows.stream().filter(r -> r.content() == p.content() && !r.isPrimary()).findFirst();
            m.ifPresent(mirror -> pairs.put(p, mirror));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SegmentRow> waiting = new ArrayList<>(pairs.keySet());
        while (!waiting.isEmpty()) {
            List<SegmentRow> still = new ArrayList<>();
            for (SegmentRow p : waiting) {
                if (!"streaming".equals(walState(cluster, p)[0])) {
                    still.add(p);
                    continue;
                }
                try (Connection c = cluster.connect(p.address(), p.port(), 10); Statement s = c.createStatement()) {
                    s.execute("ALTER SYSTEM SET synchronous_standby_names = '*'");
                    s.execute("SELECT pg_reload_conf()");
                }
            }
            waiting = still;
            if (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("mirrors not streaming after " + timeout.toSeconds() + " s: "
                            + waiting.stream().map(p -> "content " + p.content() + " (mirror dbid " + pairs.get(p).dbid()
                            + ")").toList() + "; see the mirror logs under " + cluster.files().hostsDir());
                }
                Pause.millis(100);
            }
        }
        List<SegmentRow> unsynced = new ArrayList<>(pairs.keySet());
        while (!unsynced.isEmpty()) {
            unsynced.removeIf(p -> "sync".equals(walState(cluster, p)[1]));
            if (!unsynced.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pairs not synchronous after " + timeout.toSeconds() + " s: content "
                            + unsynced.stream().map(SegmentRow::content).toList());
                }
                Pause.millis(50);
            }
        }
        List<Catalog.Change> changes = new ArrayList<>();
        pairs.forEach((p, m) -> {
            changes.add(Catalog.Change.transition(p, p.with(p.role(), 's', 'u'), null));
            changes.add(Catalog.Change.transition(m, m.with(m.role(), 's', 'u'), null));
        });
        try (Connection c = cluster.connectCoordinator()) {
            new Catalog(c).apply(changes);
        }
    }

    /** {state, sync_state} of the primary's gp_walreceiver connection, nulls when absent or unreachable. */
    static String[] walState(ClusterAccess cluster, SegmentRow primary) {
        try (Connection c = cluster.connect(primary.address(), primary.port(), 5); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, sync_state FROM pg_stat_replication WHERE application_name = '"
                     + ClusterAccess.WALRECEIVER_NAME + "' ORDER BY backend_start DESC LIMIT 1")) {
            return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : new String[] {null, null};
        } catch (SQLException e) {
            return new String[] {null, null};
        }
    }
}
