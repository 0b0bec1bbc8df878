package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code gprecoverseg -r}, as Greenplum's GpSegmentRebalanceOperation: for every pair out of its
 * preferred roles that is up and in sync (and whose mirror has little WAL left to replay), stop
 * the acting primary (fast), wait until FTS has promoted the preferred primary (asking for probe
 * scans), then run the standard incremental recovery so the stopped one comes back as mirror.
 */
final class Rebalance {
    /** The standard recovery that rebalance runs at the end. */
    interface Recovery {
        int run() throws Exception;
    }

    private final UtilityContext ctx;
    private final GpLog log;
    private final Recovery recovery;
    private final boolean interactive;
    private final boolean disableReplayLag;
    private final double replayLagGb;
    private final int parallel;

    Rebalance(UtilityContext ctx, Recovery recovery, boolean interactive, boolean disableReplayLag, double replayLagGb,
              int parallel) {
        this.ctx = ctx;
        this.log = ctx.log();
        this.recovery = recovery;
        this.interactive = interactive;
        this.disableReplayLag = disableReplayLag;
        this.replayLagGb = replayLagGb;
        this.parallel = parallel;
    }

    int run(List<SegmentRow> rows) throws Exception {
        List<SegmentRow> unbalanced = rows.stream().filter(r -> r.content() >= 0 && !r.inPreferredRole()).toList();
        if (unbalanced.isEmpty()) {
            log.info("No segments are running in their non-preferred role and need to be rebalanced.");
            return 0;
        }
        log.info("Greenplum instance recovery parameters");
        log.info("---------------------------------------------------------");
        log.info("Recovery type              = Rebalance");
        int i = 1;
        for (SegmentRow r : unbalanced) {
            log.info("---------------------------------------------------------");
            log.info("Unbalanced segment " + i++ + " of " + unbalanced.size());
            log.info("---------------------------------------------------------");
            TableLog t = new TableLog();
            RecoveryTriplet.describe(t, "Unbalanced", r);
            t.info("Balanced role", r.preferredRole() == 'p' ? "= Primary" : "= Mirror");
            t.info("Current role", r.role() == 'p' ? "= Primary" : "= Mirror");
            t.output(log);
        }
        log.info("---------------------------------------------------------");
        if (interactive) {
            log.warn("This operation will cancel queries that are currently executing.");
            log.warn("Connections to the database however will not be interrupted.");
            if (!ctx.askYesNo("\nContinue with segment rebalance procedure")) {
                log.info("User abort requested, Exiting.");
                return 4;
            }
        }
        boolean complete = rebalance(rows);
        log.info("******************************************************************");
        log.info(complete ? "The rebalance operation has completed successfully."
                : "The rebalance operation has completed with WARNINGS. Please review the output in the gprecoverseg log.");
        log.info("******************************************************************");
        return 0;
    }

    private boolean rebalance(List<SegmentRow> rows) throws Exception {
        log.info("Determining primary and mirror segment pairs to rebalance");
        List<SegmentRow> toStop = new ArrayList<>();
        for (SegmentRow p : rows) {
            if (p.content() < 0 || !p.isPrimary() || p.inPreferredRole()) {
                continue;
            }
            Optional<SegmentRow> m = RecoveryTriplets.peer(rows, p);
            boolean ok = m.isPresent() && p.isUp() && m.get().isUp() && p.mode() == 's' && m.get().mode() == 's'
                    && ctx.reachable(p.hostname()) && ctx.reachable(m.get().hostname());
            if (!ok) {
                log.warn(String.format("Not rebalancing primary segment dbid %d with its mirror dbid %d because one is "
                        + "either down, unreachable, or not synchronized", p.dbid(), m.map(SegmentRow::dbid).orElse(-1)));
                continue;
            }
            if (!disableReplayLag) {
                log.info("Allowed replay lag during rebalance is " + replayLagGb + " GB");
                long lag = replayLag(p);
                if (lag >= replayLagGb * 1024 * 1024 * 1024) {
                    throw new UtilityFailure(1, lag + " bytes of wal is still to be replayed on mirror with dbid "
                            + m.get().dbid() + ", let mirror catchup on replay then trigger rebalance. Use --replay-lag to "
                            + "configure the allowed replay lag limit or --disable-replay-lag to disable the check "
                            + "completely if you wish to continue with rebalance anyway");
                }
            }
            toStop.add(p);
        }
        if (toStop.isEmpty()) {
            log.info("No segments to rebalance");
            return true;
        }
        SegmentOps ops = new SegmentOps(ctx.cluster());
        log.info("Stopping unbalanced primary segments...");
        for (SegmentRow p : toStop) {
            ops.stop(p);
        }
        awaitPromotions(toStop);
        log.info("Starting segment synchronization");
        log.info("=============================START ANOTHER RECOVER=========================================");
        int rc;
        try {
            rc = recovery.run();
        } finally {
            log.info("==============================END ANOTHER RECOVER==========================================");
        }
        if (rc != 0) {
            log.error("Failed to start the synchronization step of the segment rebalance.");
            log.error("Check the gprecoverseg log file, correct any problems, and re-run");
            log.error("gprecoverseg -a -B " + parallel);
            throw new UtilityFailure(1, "Error synchronizing.");
        }
        return true;
    }

    /**
     * Greenplum's SegmentReconfigurer: trigger FTS until every stopped primary's mirror acts as
     * primary in the catalog and accepts connections as one (FTS records the change before its
     * PROMOTE has finished; Greenplum waits for a query to succeed, so do we).
     */
    private void awaitPromotions(List<SegmentRow> stopped) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
        while (true) {
            try (Connection c = ctx.cluster().connectCoordinator()) {
                Catalog catalog = new Catalog(c);
                catalog.requestProbeScan();
                List<SegmentRow> now = catalog.rows();
                boolean done = stopped.stream().allMatch(p -> now.stream()
                        .filter(r -> r.content() == p.content() && r.dbid() != p.dbid() && r.isPrimary())
                        .anyMatch(this::acceptsWrites));
                if (done) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new UtilityFailure(1, "FTS did not promote the mirrors of the stopped primaries within 600 s");
            }
            Thread.sleep(200);
        }
    }

    private boolean acceptsWrites(SegmentRow r) {
        try (Connection c = ctx.cluster().connect(r.address(), r.port(), 5); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return !rs.getBoolean(1);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private long replayLag(SegmentRow primary) throws Exception {
        try (Connection c = ctx.cluster().connect(primary.address(), primary.port(), 10); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(pg_wal_lsn_diff(flush_lsn, replay_lsn)), 0) FROM pg_stat_replication")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new UtilityFailure(1, "Failed to query pg_stat_replication for host:" + primary.hostname() + ", port:"
                    + primary.port() + ", error: " + e.getMessage());
        }
    }
}
