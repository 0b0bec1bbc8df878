package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpstate}: Greenplum's clsSystemState.py, reading the stand-in's catalog, each instance's
 * postmaster.pid (on its host) and each primary's pg_stat_replication. Output, wording and exit
 * codes follow Greenplum's: -e lists only the pairs with problems (roles switched, not in sync,
 * down) and exits 1 when there are any; -m exits 1 when a mirror failed; -s exits 1 on warnings.
 */
@Command(name = "gpstate", description = "Display system state", mixinStandardHelpOptions = false)
public final class GpState extends GppylibUtility {
    @Option(names = "-s", description = "Show status") boolean showStatus;
    @Option(names = "-e", description = "Show summary of segments needing attention") boolean showProblems;
    @Option(names = "-m", description = "Show mirror list from configuration") boolean showMirrors;
    @Option(names = "-f", description = "Show standby coordinator information") boolean showStandby;
    @Option(names = "-b", description = "Show status statistics") boolean showStatistics;
    @Option(names = "-c", description = "Show cluster configuration") boolean showConfig;
    @Option(names = "-Q", description = "Show quick status") boolean showQuick;
    @Option(names = "-p", description = "Show port information") boolean showPorts;
    @Option(names = "-i", description = "Show version information") boolean showVersion;
    @Option(names = "-x", description = "Show gpexpand status") boolean showExpand;
    @Option(names = "-B", defaultValue = "16", paramLabel = "<parallelDegree>") int parallel;
    @Option(names = "--timeout") Integer timeout;
    @Option(names = "--retries") Integer retries;

    @Override
    int execute() throws Exception {
        int chosen = (showStatus ? 1 : 0) + (showProblems ? 1 : 0) + (showMirrors ? 1 : 0) + (showStandby ? 1 : 0)
                + (showStatistics ? 1 : 0) + (showConfig ? 1 : 0) + (showQuick ? 1 : 0) + (showPorts ? 1 : 0)
                + (showVersion ? 1 : 0);
        if (chosen > 1) {
            throw new UtilityFailure(2, "Too many output options specified");
        }
        if (parallel < 1 || parallel > 64) {
            throw new UtilityFailure(2, "Invalid parallelDegree provided with -B argument: " + parallel);
        }
        List<SegmentRow> all = ctx.catalog();
        List<SegmentRow> segments = all.stream().filter(r -> r.content() >= 0).toList();
        if (showMirrors) {
            return mirrorList(segments);
        } else if (showConfig) {
            return clusterConfig(segments);
        } else if (showQuick) {
            return quickStatus(segments);
        } else if (showStatus) {
            return new GpStateDetail(ctx, all).run();
        } else if (showVersion) {
            return versions(all);
        } else if (showProblems) {
            return new GpStateProblems(ctx).report(segments);
        } else if (showStandby) {
            return new GpStateDetail(ctx, all).standby();
        } else if (showPorts) {
            return ports(all);
        } else if (showExpand) {
            log.info("Cluster Expansion State = No Expansion Detected");
            return 0;
        }
        return statistics(all, segments);
    }

    static boolean hasMirrors(List<SegmentRow> segments) {
        return segments.stream().anyMatch(r -> r.preferredRole() == 'm');
    }

    static String mirrorType(List<SegmentRow> segments) {
        if (!hasMirrors(segments)) {
            return "No Mirror";
        }
        // spread: the mirrors of one host's primaries sit on more than one host
        Map<String, java.util.Set<String>> targets = new HashMap<>();
        for (SegmentRow p : segments) {
            if (p.preferredRole() != 'p') {
                continue;
            }
            segments.stream().filter(m -> m.content() == p.content() && m.preferredRole() == 'm').findFirst()
                    .ifPresent(m -> targets.computeIfAbsent(p.hostname(), h -> new java.util.HashSet<>()).add(m.hostname()));
        }
        return targets.values().stream().anyMatch(s -> s.size() > 1) ? "Spread" : "Group";
    }

    static String dataModeLabel(char mode) {
        return mode == 's' ? "Synchronized" : "Not in Sync";
    }

    private static Optional<SegmentRow> peer(List<SegmentRow> rows, SegmentRow r) {
        return rows.stream().filter(o -> o.content() == r.content() && o.dbid() != r.dbid()).findFirst();
    }

    private static List<String> triple(SegmentRow r, String... before) {
        List<String> l = new ArrayList<>(List.of(before));
        l.add(r.address());
        l.add(r.datadir());
        l.add(Integer.toString(r.port()));
        return l;
    }

    private int mirrorList(List<SegmentRow> segments) {
        if (!hasMirrors(segments)) {
            log.warn("-------------------------------------------------------------");
            log.warn("Mirror not used");
            log.warn("-------------------------------------------------------------");
            return 0;
        }
        int exit = 0;
        TableLog t = new TableLog().withArrows();
        t.info("Mirror", "Datadir", "Port", "Status", "Data Status", "");
        int acting = 0;
        int failed = 0;
        int unsync = 0;
        for (SegmentRow m : segments.stream().filter(r -> r.preferredRole() == 'm').toList()) {
            String status;
            String data = dataModeLabel(m.mode());
            boolean warn = false;
            if (m.isPrimary()) {
                status = "Acting as Primary";
                if (m.mode() != 's') {
                    unsync++;
                }
                acting++;
            } else if (m.isUp()) {
                status = "Passive";
            } else {
                status = "Failed";
                data = "";
                warn = true;
                failed++;
                exit = 1;
            }
            t.infoOrWarn(warn, m.address(), m.datadir(), Integer.toString(m.port()), status, data, "");
        }
        log.info("-------------------------------------------------------------");
        log.info("-Current GPDB mirror list and status");
        log.info("-Type = " + mirrorType(segments));
        log.info("-------------------------------------------------------------");
        t.output(log);
        log.info("-------------------------------------------------------------");
        if (acting > 0) {
            log.warn(acting + " segment(s) configured as mirror(s) are acting as primaries");
        }
        if (failed > 0) {
            log.warn(failed + " segment(s) configured as mirror(s) have failed");
        }
        if (unsync > 0) {
            log.warn(unsync + " mirror segment(s) acting as primaries are not synchronized");
        }
        return exit;
    }

    private int clusterConfig(List<SegmentRow> segments) {
        if (!hasMirrors(segments)) {
            log.info("-------------------------------------------------------------");
            log.info("-Primary list [Mirror not used]");
            log.info("-------------------------------------------------------------");
            TableLog t = new TableLog().withArrows();
            t.info("Primary", "Datadir", "Port");
            segments.forEach(s -> t.info(triple(s).toArray(String[]::new)));
            t.output(log);
            log.info("-------------------------------------------------------------");
            return 0;
        }
        log.info("-------------------------------------------------------------");
        log.info("-Current GPDB mirror list and status");
        log.info("-Type = " + mirrorType(segments));
        log.info("-------------------------------------------------------------");
        TableLog t = new TableLog().withArrows();
        t.info("Status", "Data State", "Primary", "Datadir", "Port", "Mirror", "Datadir", "Port");
        int unsync = 0;
        int acting = 0;
        for (SegmentRow p : segments.stream().filter(r -> r.preferredRole() == 'p').toList()) {
            SegmentRow m = peer(segments, p).orElse(p);
            SegmentRow actingPrimary = p.isPrimary() ? p : m;
            SegmentRow actingMirror = p.isPrimary() ? m : p;
            String status = p.isPrimary()
                    ? "Primary Active, Mirror " + (actingMirror.isUp() ? "Available" : "Failed")
                    : "Mirror Active, Primary " + (actingMirror.isUp() ? "Available" : "Failed");
            if (!p.isPrimary()) {
                acting++;
            }
            boolean warn = actingPrimary.mode() != 's';
            if (warn) {
                unsync++;
            }
            List<String> line = new ArrayList<>(List.of(status, dataModeLabel(actingPrimary.mode())));
            line.addAll(triple(p));
            line.addAll(triple(m));
            t.infoOrWarn(warn, line.toArray(String[]::new));
        }
        t.output(log);
        log.info("-------------------------------------------------------------");
        if (acting > 0) {
            log.warn(acting + " segment(s) configured as mirror(s) are acting as primaries");
        }
        if (unsync > 0) {
            log.warn(unsync + " primary segment(s) are not synchronized");
        }
        return 0;
    }

    private int quickStatus(List<SegmentRow> segments) {
        log.info("-Quick Greenplum database status from Coordinator instance only");
        log.info("----------------------------------------------------------");
        List<SegmentRow> down = segments.stream().filter(r -> !r.isUp()).toList();
        log.info("# of up segments, from configuration table     = " + (segments.size() - down.size()));
        int exit = 0;
        if (!down.isEmpty()) {
            exit = 1;
            log.info("# of down segments, from configuration table   = " + down.size());
            TableLog t = new TableLog().withArrows();
            t.info("Down Segment", "Datadir", "Port");
            down.forEach(d -> t.info(triple(d).toArray(String[]::new)));
            t.output(log);
        }
        log.info("----------------------------------------------------------");
        return exit;
    }

    private int ports(List<SegmentRow> all) {
        SegmentRow coordinator = all.stream().filter(r -> r.content() == -1 && r.isPrimary()).findFirst().orElseThrow();
        log.info("-Coordinator segment instance  " + coordinator.datadir() + "  port = " + coordinator.port());
        log.info("-Segment instance port assignments");
        log.info("----------------------------------");
        TableLog t = new TableLog().withArrows();
        t.info("Host", "Datadir", "Port");
        all.stream().filter(r -> r.content() >= 0).forEach(r -> t.info(triple(r).toArray(String[]::new)));
        t.output(log);
        return 0;
    }

    private int versions(List<SegmentRow> all) {
        log.info("Loading version information");
        String version = GpStateDetail.serverVersion(ctx);
        TableLog t = new TableLog().withArrows();
        t.info("Host", "Datadir", "Port", "Version", "");
        boolean failures = false;
        for (SegmentRow r : all) {
            SegmentProbe.HostSide h = SegmentProbe.hostSide(ctx, r);
            if (r.isUp() && h.fetchWarning() == null && h.running()) {
                List<String> l = triple(r);
                l.add(version);
                t.info(l.toArray(String[]::new));
            } else {
                List<String> l = triple(r);
                l.add("unable to retrieve version");
                t.warn(l.toArray(String[]::new));
                failures = true;
            }
        }
        t.output(log);
        if (failures) {
            log.warn("Unable to retrieve version data from all segments.  Review table above for details.");
        } else {
            log.info("All segments are running the same software version");
        }
        return 0;
    }

    /** gpstate -b (the default): counts. */
    private int statistics(List<SegmentRow> all, List<SegmentRow> segments) {
        log.info("Gathering data from segments...");
        log.info("Greenplum instance status summary");
        TableLog t = new TableLog().withArrows();
        t.separator();
        t.info("Coordinator instance", "= Active");
        GpStateDetail.standbySummary(ctx, all, t);
        t.info("Total segment instance count from metadata", "= " + segments.size());
        t.separator();
        for (String type : List.of("Primary", "Mirror")) {
            t.info(type + " Segment Status");
            t.separator();
            char pref = type.equals("Primary") ? 'p' : 'm';
            List<SegmentRow> segs = segments.stream().filter(r -> r.preferredRole() == pref).toList();
            if (segs.isEmpty()) {
                t.info("Mirrors not configured on this array");
                t.separator();
                continue;
            }
            int pidFilesMissing = 0;
            int processesMissing = 0;
            for (SegmentRow r : segs) {
                SegmentProbe.HostSide h = SegmentProbe.hostSide(ctx, r);
                if (h.fetchWarning() != null || !h.pidFileExists()) {
                    pidFilesMissing++;
                }
                if (!h.running()) {
                    processesMissing++;
                }
            }
            int n = segs.size();
            long valid = segs.stream().filter(SegmentRow::isUp).count();
            String lower = type.toLowerCase(java.util.Locale.ROOT);
            t.info("Total " + lower + " segments", "= " + n);
            t.info("Total " + lower + " segment valid (at coordinator)", "= " + valid);
            t.infoOrWarn(valid < n, "Total " + lower + " segment failures (at coordinator)", "= " + (n - valid));
            t.infoOrWarn(pidFilesMissing > 0, "Total number of postmaster.pid files missing", "= " + pidFilesMissing);
            t.info("Total number of postmaster.pid files found", "= " + (n - pidFilesMissing));
            t.infoOrWarn(processesMissing > 0, "Total number of postmaster.pid PIDs missing", "= " + processesMissing);
            t.info("Total number of postmaster.pid PIDs found", "= " + (n - processesMissing));
            t.infoOrWarn(processesMissing > 0, "Total number postmaster processes missing", "= " + processesMissing);
            t.info("Total number postmaster processes found", "= " + (n - processesMissing));
            if (pref == 'm') {
                long active = segs.stream().filter(SegmentRow::isPrimary).count();
                t.infoOrWarn(active > 0, "Total number mirror segments acting as primary segments", "= " + active);
                t.info("Total number mirror segments acting as mirror segments", "= " + (n - active));
            }
            t.separator();
        }
        t.output(log);
        return 0;
    }
}
