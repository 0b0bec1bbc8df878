package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gpstate -e}: only the pairs that need attention, in Greenplum's three sections (roles
 * switched, not in sync with the WAL bytes left, down), each printed only when not empty; exit 1
 * when any is printed, "All segments are running normally" and exit 0 otherwise.
 */
final class GpStateProblems {
    private final UtilityContext ctx;
    private final GpLog log;

    GpStateProblems(UtilityContext ctx) {
        this.ctx = ctx;
        this.log = ctx.log();
    }

    private static Optional<SegmentRow> peer(List<SegmentRow> rows, SegmentRow r) {
        return rows.stream().filter(o -> o.content() == r.content() && o.dbid() != r.dbid()).findFirst();
    }

    /** gpstate -e. */
    int report(List<SegmentRow> segments) {
        if (!GpState.hasMirrors(segments)) {
            log.info("Physical mirroring is not configured");
            return 1;
        }
        log.info("Gathering data from segments...");
        Map<Integer, SegmentProbe.HostSide> hostSide = new HashMap<>();
        segments.forEach(r -> hostSide.put(r.dbid(), SegmentProbe.hostSide(ctx, r)));
        int exit = 0;
        log.info("----------------------------------------------------");
        log.info("Segment Mirroring Status Report");

        List<SegmentRow> switched = segments.stream().filter(r -> r.isPrimary() && r.preferredRole() != 'p').toList();
        if (!switched.isEmpty()) {
            log.info("----------------------------------------------------");
            log.info("Segments with Primary and Mirror Roles Switched");
            TableLog t = new TableLog().withArrows();
            t.info("Current Primary", "Port", "Mirror", "Port");
            for (SegmentRow p : switched) {
                SegmentRow m = peer(segments, p).orElse(p);
                t.info(p.address(), Integer.toString(p.port()), m.address(), Integer.toString(m.port()));
            }
            t.output(log);
            exit = 1;
        }

        List<String[]> unsync = new ArrayList<>();
        for (SegmentRow p : segments.stream().filter(SegmentRow::isPrimary).toList()) {
            Optional<SegmentProbe.Replication> rep = SegmentProbe.replication(ctx.cluster(), p);
            if (rep.isEmpty()) {
                log.warn("could not query segment " + p.dbid() + " (" + p.hostname() + ":" + p.port() + ")");
                continue;
            }
            SegmentProbe.Replication r = rep.get();
            String remaining = null;
            if (r.state() == null) {
                remaining = "Unknown";
            } else if (!"sync".equals(r.syncState())) {
                remaining = String.valueOf(r.syncRemaining());
            }
            if (remaining != null) {
                SegmentRow m = peer(segments, p).orElse(p);
                unsync.add(new String[] {p.address(), Integer.toString(p.port()), remaining, m.address(), Integer.toString(m.port())});
            }
        }
        if (!unsync.isEmpty()) {
            log.info("----------------------------------------------------");
            log.info("Unsynchronized Segment Pairs");
            TableLog t = new TableLog().withArrows();
            t.info("Current Primary", "Port", "WAL sync remaining bytes", "Mirror", "Port");
            unsync.forEach(t::info);
            t.output(log);
            exit = 1;
        }

        List<SegmentRow> down = segments.stream().filter(r -> hostSide.get(r.dbid()).statusIsWarning()).toList();
        if (!down.isEmpty()) {
            log.info("----------------------------------------------------");
            log.info("Downed Segments (may include segments where status could not be retrieved)");
            TableLog t = new TableLog().withArrows();
            t.info("Segment", "Port", "Config status", "Status");
            for (SegmentRow r : down) {
                t.info(r.address(), Integer.toString(r.port()), r.isUp() ? "Up" : "Down", hostSide.get(r.dbid()).databaseStatus());
            }
            t.output(log);
            exit = 1;
        }
        clusterDownWarning(log, segments, hostSide);
        if (exit == 0) {
            log.info("----------------------------------------------------");
            log.info("All segments are running normally");
        }
        return exit;
    }

    /** Greenplum's "DATABASE IS PROBABLY UNAVAILABLE": some content has no usable instance. */
    static void clusterDownWarning(GpLog log, List<SegmentRow> segments, Map<Integer, SegmentProbe.HostSide> hostSide) {
        for (SegmentRow r : segments) {
            boolean contentUsable = segments.stream().anyMatch(s -> s.content() == r.content()
                    && !hostSide.get(s.dbid()).statusIsWarning()
                    && (s.isPrimary() || peer(segments, s).map(p -> p.mode() == 's').orElse(false)));
            if (!contentUsable) {
                log.warn("*****************************************************");
                log.warn("DATABASE IS PROBABLY UNAVAILABLE");
                log.warn("Review Instance Status in log file or screen output for more information");
                log.warn("*****************************************************");
                return;
            }
        }
    }

}
