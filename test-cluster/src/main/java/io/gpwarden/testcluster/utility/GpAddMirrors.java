package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.layout.HostPlan;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpaddmirrors -i FILE}: adds a mirror to every primary of a cluster that has none, from
 * lines {@code contentID|address|port|data_dir}. Refused when mirrors exist ("GPDB physical
 * mirroring cannot be added.  The cluster is already configured with Mirrors."). Each mirror is a
 * pg_basebackup of its primary started as a streaming replica, added to the catalog with the next
 * dbid (role m, mode n); FTS marks the pairs in sync once they stream.
 */
@Command(name = "gpaddmirrors", description = "Add mirrors to a system")
public final class GpAddMirrors extends GppylibUtility {
    @Option(names = "-i", paramLabel = "<configFile>", description = "Mirroring configuration file") Path configFile;
    @Option(names = "-a", description = "don't ask to confirm") boolean noPrompt;
    @Option(names = {"-B", "--batch-size"}, defaultValue = "16") int batchSize;
    @Option(names = {"-b", "--segment-batch-size"}, defaultValue = "64") int segmentBatchSize;
    @Option(names = "--hba-hostnames") boolean hbaHostnames;

    @Override
    int execute() throws Exception {
        if (configFile == null) {
            throw new UtilityFailure(2, "the gpwarden test cluster's gpaddmirrors needs -i <configFile> "
                    + "(lines contentID|address|port|data_dir)");
        }
        List<SegmentRow> rows = ctx.catalog();
        if (rows.stream().anyMatch(r -> r.content() >= 0 && r.preferredRole() == 'm')) {
            throw new UtilityFailure(2, "GPDB physical mirroring cannot be added.  The cluster is already configured with Mirrors.");
        }
        List<SegmentRow> mirrors;
        try {
            mirrors = read(ctx, rows);
        } catch (IllegalArgumentException e) {
            throw new UtilityFailure(2, e.getMessage());
        }
        SegmentRow coordinator = rows.stream().filter(r -> r.content() == -1 && r.isPrimary()).findFirst().orElseThrow();
        log.info("Greenplum Add Mirrors Parameters");
        log.info("--------------------------------------------");
        log.info("Greenplum coordinator data directory    = " + coordinator.datadir());
        log.info("Greenplum coordinator port              = " + coordinator.port());
        log.info("Batch size                              = " + batchSize);
        log.info("Segment batch size                      = " + segmentBatchSize);
        int i = 1;
        for (SegmentRow m : mirrors) {
            log.info("--------------------------------------------");
            log.info("Mirror " + i++ + " of " + mirrors.size());
            log.info("--------------------------------------------");
            TableLog t = new TableLog();
            RecoveryTriplet.describe(t, "Primary", primaryOf(rows, m.content()));
            RecoveryTriplet.describe(t, "Mirror", m);
            t.output(log);
        }
        log.info("--------------------------------------------");
        if (!noPrompt && !ctx.askYesNo("\nContinue with add mirrors procedure")) {
            log.info("User abort requested, Exiting.");
            return 4;
        }
        SegmentOps ops = new SegmentOps(ctx.cluster());
        boolean ok = true;
        for (SegmentRow m : mirrors) {
            SegmentRow primary = primaryOf(rows, m.content());
            var r = ops.basebackup(m, primary);
            if (!r.ok()) {
                log.error("Failed to create mirror dbid " + m.dbid() + ": " + r.output().strip());
                ok = false;
                continue;
            }
            ops.start(m, Optional.of(primary));
            ops.awaitMirrorConnected(primary, Duration.ofSeconds(120));
            try (Connection c = ctx.cluster().connectCoordinator()) {
                new Catalog(c).apply(List.of(Catalog.Change.put(m, "gpaddmirrors: mirror dbid " + m.dbid() + " added at "
                        + m.triple())));
            }
        }
        if (!ok) {
            log.error("gpaddmirrors failed. Please check the output for more details.");
            return 1;
        }
        log.info("******************************************************************");
        log.info("Mirror segments have been added; data synchronization is in progress.");
        log.info("Data synchronization will continue in the background.");
        log.info("Use  gpstate -s  to check the resynchronization progress.");
        log.info("******************************************************************");
        return 0;
    }

    private static SegmentRow primaryOf(List<SegmentRow> rows, int content) {
        return rows.stream().filter(r -> r.content() == content && r.isPrimary()).findFirst().orElseThrow();
    }

    private List<SegmentRow> read(UtilityContext ctx, List<SegmentRow> rows) throws java.io.IOException {
        int nextDbid = rows.stream().mapToInt(SegmentRow::dbid).max().orElse(0) + 1;
        List<SegmentRow> out = new ArrayList<>();
        Set<Integer> contents = new HashSet<>();
        for (InputFile.Line line : InputFile.read(configFile)) {
            String[] f = line.text().split("\\|", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException("Invalid input file on line " + line.number() + " of file " + configFile
                        + ": expected 4 fields contentID|address|port|data_dir, got " + f.length);
            }
            int content;
            try {
                content = Integer.parseInt(f[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid content ID on line " + line.number());
            }
            InputFile.checkValues(line.number(), f[1], f[2], f[3]);
            if (rows.stream().noneMatch(r -> r.content() == content && r.content() >= 0)) {
                throw new IllegalArgumentException("Invalid input file on line " + line.number() + ": no primary with content " + content);
            }
            if (!contents.add(content)) {
                throw new IllegalArgumentException("Invalid input file on line " + line.number() + ": content " + content
                        + " has more than one mirror");
            }
            HostPlan host = ctx.hostByAddress(f[1]).orElseThrow(() -> new IllegalArgumentException("Invalid input file on line "
                    + line.number() + ": unknown address " + f[1]));
            Path dir = Path.of(f[3]).toAbsolutePath().normalize();
            if (!dir.startsWith(ctx.cluster().files().hostRoot(host.name()))) {
                throw new IllegalArgumentException("Invalid input file on line " + line.number() + ": directory " + f[3]
                        + " is not on " + host.name() + "'s disk (" + ctx.cluster().files().hostRoot(host.name()) + "/...)");
            }
            if (primaryOf(rows, content).hostname().equals(host.name())) {
                ctx.log().warn("mirror of content " + content + " is placed on the same host as its primary (" + host.name() + ")");
            }
            out.add(new SegmentRow(nextDbid++, content, 'm', 'm', 'n', 'u', Integer.parseInt(f[2]), host.name(), f[1],
                    dir.toString()));
        }
        long primaries = rows.stream().filter(r -> r.content() >= 0).count();
        if (out.size() != primaries) {
            throw new IllegalArgumentException("the file " + configFile + " has " + out.size() + " mirrors for " + primaries
                    + " primaries; give one line per primary");
        }
        List<RecoveryTriplet> asPlan = out.stream().map(m -> new RecoveryTriplet(m, primaryOf(rows, m.content()), m, true)).toList();
        RecoveryTriplets.checkConflicts(rows, asPlan);
        return out;
    }
}
