package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gprecoverseg}: Greenplum's clsRecoverSegment.py. Default: every down segment recovered
 * in place, incrementally (pg_rewind); {@code -F} full (pg_basebackup); {@code -i FILE} the
 * listed segments, to new locations where given (full); {@code -r} rebalance (stop the primaries
 * not in their preferred role, let FTS promote their mirrors, recover them incrementally);
 * {@code -o FILE} writes the recovery file; {@code -a} does not prompt. A
 * {@code gprecoverseg.lock} directory in the coordinator data directory prevents concurrent runs.
 * Exit 0 on success, 1 when a recovery failed, 2 on bad options or input.
 */
@Command(name = "gprecoverseg", description = "Recover a failed segment")
public final class GpRecoverSeg extends GppylibUtility {
    @Option(names = "-a", description = "don't ask to confirm") boolean noPrompt;
    @Option(names = "-F", description = "Force full segment resynchronization") boolean full;
    @Option(names = "-r", description = "Rebalance synchronized segments.") boolean rebalance;
    @Option(names = "-i", paramLabel = "<configFile>", description = "Recovery configuration file") Path configFile;
    @Option(names = "-o", paramLabel = "<configFile>", description = "Sample configuration file name to output") Path outputFile;
    @Option(names = "-p", paramLabel = "<targetHosts>", description = "Spare new hosts to which to recover segments") String spareHosts;
    @Option(names = "--differential", description = "differential segment resynchronization") boolean differential;
    @Option(names = "-B", defaultValue = "16", paramLabel = "<parallelDegree>") int parallel;
    @Option(names = "-b", defaultValue = "64", paramLabel = "<parallelPerHost>") int parallelPerHost;
    @Option(names = "-s") boolean sequentialProgress;
    @Option(names = "--no-progress") boolean noProgress;
    @Option(names = "--hba-hostnames") boolean hbaHostnames;
    @Option(names = "--replay-lag", defaultValue = "10") double replayLagGb;
    @Option(names = "--disable-replay-lag") boolean disableReplayLag;

    @Override
    int execute() throws Exception {
        if (parallel < 1 || parallel > 64) {
            throw new UtilityFailure(2, "Invalid parallelDegree value provided with -B argument: " + parallel);
        }
        if (parallelPerHost < 1 || parallelPerHost > 128) {
            throw new UtilityFailure(2, "Invalid parallelPerHost value provided with -b argument: " + parallelPerHost);
        }
        int where = (spareHosts != null ? 1 : 0) + (configFile != null ? 1 : 0) + (rebalance ? 1 : 0) + (differential ? 1 : 0);
        if (where > 1) {
            throw new UtilityFailure(2, "Only one of -i, -p, -r and --differential may be specified");
        }
        if (full && differential) {
            throw new UtilityFailure(2, "Only one of -F and --differential may be specified");
        }
        if (spareHosts != null || differential) {
            throw new UtilityFailure(2, (spareHosts != null ? "-p" : "--differential")
                    + " is not provided by the gpwarden test cluster; use -i with new locations, or -F");
        }
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new UtilityFailure(2, "Unable to read file " + configFile);
        }
        List<SegmentRow> rows = ctx.catalog();
        if (rows.stream().noneMatch(r -> r.content() >= 0 && r.preferredRole() == 'm')) {
            throw new UtilityFailure(2, "GPDB Mirroring replication is not configured for this Greenplum Database instance.");
        }
        SegmentRow coordinator = rows.stream().filter(r -> r.content() == -1 && r.isPrimary()).findFirst().orElseThrow();
        try (UtilityLock lock = UtilityLock.acquire(Path.of(coordinator.datadir()), "gprecoverseg.lock", "gprecoverseg", log)) {
            return runWithoutLock(ctx, rows);
        }
    }

    /** The work after the lock is taken; gpmovemirrors calls this under its own lock. */
    int runWithoutLock(UtilityContext context, List<SegmentRow> rows) throws Exception {
        this.ctx = context;
        this.log = context.log();
        warnUnreachable(rows);
        return rebalance ? new Rebalance(ctx, this::recoverStandard, !noPrompt, disableReplayLag, replayLagGb, parallel).run(rows)
                : recover(rows);
    }

    private void warnUnreachable(List<SegmentRow> rows) {
        List<String> down = rows.stream().map(SegmentRow::hostname).distinct().filter(h -> !ctx.reachable(h)).toList();
        if (!down.isEmpty()) {
            log.warn("One or more hosts are not reachable via SSH.");
            down.forEach(h -> log.warn("Host " + h + " is unreachable"));
        }
    }

    /** The standard recovery with -a, as rebalance runs it ("START ANOTHER RECOVER"). */
    int recoverStandard() throws Exception {
        List<SegmentRow> rows = ctx.catalog();
        List<RecoveryTriplet> plan = RecoveryTriplets.standard(ctx, rows, false);
        if (plan.isEmpty()) {
            log.info("No segments to recover");
            return 0;
        }
        display(plan);
        return execute(plan);
    }

    private int recover(List<SegmentRow> rows) throws Exception {
        List<RecoveryTriplet> plan;
        try {
            plan = configFile != null ? RecoveryTriplets.fromFile(ctx, rows, configFile, full)
                    : RecoveryTriplets.standard(ctx, rows, full);
            RecoveryTriplets.checkConflicts(rows, plan);
        } catch (IllegalArgumentException e) {
            throw new UtilityFailure(2, e.getMessage());
        }
        if (outputFile != null) {
            List<String> lines = new ArrayList<>();
            for (RecoveryTriplet t : plan) {
                lines.add(t.failed().triple() + (t.inPlace() ? "" : " " + t.target().triple()));
            }
            Files.write(outputFile, lines);
            log.info("Configuration file output to " + outputFile + " successfully.");
            return 0;
        }
        if (plan.isEmpty()) {
            log.info("No segments to recover");
            return 0;
        }
        display(plan);
        for (RecoveryTriplet t : plan) {
            if (!t.inPlace() && t.live().hostname().equals(t.target().hostname())) {
                log.warn("Segment is being recovered to the same host as its primary: primary " + t.live().address() + ":"
                        + t.live().datadir() + "    failover target: " + t.target().address() + ":" + t.target().datadir());
            }
        }
        if (!noPrompt && !ctx.askYesNo("\nContinue with segment recovery procedure")) {
            log.info("User abort requested, Exiting.");
            return 4;
        }
        return execute(plan);
    }

    private int execute(List<RecoveryTriplet> plan) throws Exception {
        if (!new SegmentRecovery(ctx).recover(plan, parallel)) {
            log.error("gprecoverseg failed. Please check the output for more details.");
            return 1;
        }
        log.info("********************************");
        log.info("Segments successfully recovered.");
        log.info("********************************");
        log.info("Recovered mirror segments need to sync WAL with primary segments.");
        log.info("Use 'gpstate -e' to check progress of WAL sync remaining bytes");
        return 0;
    }

    private void display(List<RecoveryTriplet> plan) {
        log.info("Greenplum instance recovery parameters");
        log.info("---------------------------------------------------------");
        log.info(configFile != null ? "Recovery from configuration -i option supplied" : "Recovery type              = Standard");
        int i = 1;
        for (RecoveryTriplet t : plan) {
            log.info("---------------------------------------------------------");
            log.info("Recovery " + i++ + " of " + plan.size());
            log.info("---------------------------------------------------------");
            TableLog tab = new TableLog();
            tab.info("Synchronization mode", "= " + (t.full() ? "Full" : "Incremental"));
            RecoveryTriplet.describe(tab, "Failed", t.failed());
            RecoveryTriplet.describe(tab, "Recovery Source", t.live());
            if (t.inPlace()) {
                tab.info("Recovery Target", "= in-place");
            } else {
                RecoveryTriplet.describe(tab, "Recovery Target", t.target());
            }
            tab.output(log);
        }
        log.info("---------------------------------------------------------");
    }

    static Optional<SegmentRow> peer(List<SegmentRow> rows, SegmentRow r) {
        return RecoveryTriplets.peer(rows, r);
    }
}
