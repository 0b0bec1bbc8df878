package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.process.ExternalCommand;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs gprecoverseg's recoveries, several at a time: a mirror that is still up but being moved is
 * stopped and marked down first; then pg_rewind (incremental) or pg_basebackup (full) from the
 * live primary, start as its mirror, wait until the primary shows the WAL stream, and only then
 * mark the segment up (mode n) in the catalog. FTS marks the pair in sync once the mirror has
 * caught up. Returns false when any recovery failed (the others still complete).
 */
final class SegmentRecovery {
    private final UtilityContext ctx;
    private final SegmentOps ops;

    SegmentRecovery(UtilityContext ctx) {
        this.ctx = ctx;
        this.ops = new SegmentOps(ctx.cluster());
    }

    boolean recover(List<RecoveryTriplet> plan, int parallel) throws Exception {
        GpLog log = ctx.log();
        markMovedMirrorsDown(plan);
        log.info("Initiating segment recovery. Upon completion, will start the successfully recovered segments");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, plan.size())));
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (RecoveryTriplet t : plan) {
                results.add(pool.submit(() -> recoverOne(t)));
            }
            boolean ok = true;
            for (Future<Boolean> f : results) {
                ok &= f.get();
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    /** gpmovemirrors hands over mirrors that are up: stop them and record them down before rebuilding. */
    private void markMovedMirrorsDown(List<RecoveryTriplet> plan) throws Exception {
        List<Catalog.Change> changes = new ArrayList<>();
        for (RecoveryTriplet t : plan) {
            if (t.failed().isUp()) {
                ops.stop(t.failed());
                changes.add(Catalog.Change.transition(t.failed(), t.failed().with('m', 'n', 'd'),
                        "gprecoverseg: mirror dbid " + t.failed().dbid() + " stopped to be rebuilt at " + t.target().triple()));
                changes.add(Catalog.Change.transition(t.live(), t.live().with('p', 'n', 'u'), null));
            }
        }
        if (!changes.isEmpty()) {
            ctx.log().info("Updating configuration for mirrors");
            try (Connection c = ctx.cluster().connectCoordinator()) {
                new Catalog(c).apply(changes);
            }
        }
    }

    private boolean recoverOne(RecoveryTriplet t) {
        GpLog log = ctx.log();
        SegmentRow target = t.target().with('m', 'n', 'd');
        try {
            ExternalCommand.Result r;
            if (t.full()) {
                log.info("Running pg_basebackup for dbid " + target.dbid() + " (" + target.hostname() + ":" + target.datadir()
                        + ") from " + t.live().hostname() + ":" + t.live().port());
                r = ops.basebackup(target, t.live());
            } else {
                log.info("Running pg_rewind for dbid " + target.dbid() + " (" + target.hostname() + ":" + target.datadir()
                        + ") from " + t.live().hostname() + ":" + t.live().port());
                r = ops.rewind(target, t.live());
            }
            if (!r.ok()) {
                log.error((t.full() ? "Full" : "Incremental") + " recovery failed for dbid " + target.dbid() + ": "
                        + r.output().strip().lines().reduce((a, b) -> b).orElse(""));
                if (!t.full()) {
                    log.error("Incremental recovery failed for dbid " + target.dbid()
                            + ". You must use gprecoverseg -F to recover the segment.");
                }
                return false;
            }
            ops.start(target, Optional.of(t.live()));
            if (!ops.awaitMirrorConnected(t.live(), Duration.ofSeconds(120))) {
                log.error("dbid " + target.dbid() + " started but does not stream from its primary dbid " + t.live().dbid());
                return false;
            }
            SegmentRow up = target.with('m', 'n', 'u');
            try (Connection c = ctx.cluster().connectCoordinator()) {
                new Catalog(c).apply(List.of(Catalog.Change.put(up, "gprecoverseg: dbid " + up.dbid() + " recovered ("
                        + (t.full() ? "full" : "incremental") + ") at " + up.triple())));
            }
            log.info("Successfully recovered dbid " + up.dbid() + " at " + up.hostname() + ":" + up.datadir());
            return true;
        } catch (Exception e) {
            log.error("Recovery of dbid " + target.dbid() + " failed: " + e.getMessage());
            return false;
        }
    }
}
