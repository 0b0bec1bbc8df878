package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/** gpstate -s (every instance in detail) and -f (standby coordinator), split from {@link GpState} by size. */
final class GpStateDetail {
    private final UtilityContext ctx;
    private final GpLog log;
    private final List<SegmentRow> all;

    GpStateDetail(UtilityContext ctx, List<SegmentRow> all) {
        this.ctx = ctx;
        this.log = ctx.log();
        this.all = all;
    }

    static String serverVersion(UtilityContext ctx) {
        try (Connection c = ctx.cluster().connectCoordinator(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException | java.io.IOException e) {
            return "Unknown";
        }
    }

    static Optional<SegmentRow> standbyRow(List<SegmentRow> all) {
        return all.stream().filter(r -> r.content() == -1 && !r.isPrimary()).findFirst();
    }

    static void standbySummary(UtilityContext ctx, List<SegmentRow> all, TableLog t) {
        Optional<SegmentRow> standby = standbyRow(all);
        if (standby.isEmpty()) {
            t.info("Coordinator standby", "= No coordinator standby configured");
            return;
        }
        t.info("Coordinator standby", "= " + standby.get().hostname());
        SegmentProbe.HostSide h = SegmentProbe.hostSide(ctx, standby.get());
        if (h.fetchWarning() != null) {
            t.warn("Standby coordinator state", "= Status could not be determined: " + h.fetchWarning());
        } else if (h.running()) {
            t.info("Standby coordinator state", "= Standby host passive");
        } else {
            t.warn("Standby coordinator state", "= Standby host DOWN");
        }
    }

    /** gpstate -s. */
    int run() {
        log.info("Gathering data from segments...");
        SegmentRow coordinator = all.stream().filter(r -> r.content() == -1 && r.isPrimary()).findFirst().orElseThrow();
        List<SegmentRow> segments = all.stream().filter(r -> r.content() >= 0).toList();
        java.util.Map<Integer, SegmentProbe.HostSide> hostSide = new java.util.HashMap<>();
        segments.forEach(r -> hostSide.put(r.dbid(), SegmentProbe.hostSide(ctx, r)));
        log.info("----------------------------------------------------");
        log.info("-Coordinator Configuration & Status");
        log.info("----------------------------------------------------");
        GpStateProblems.clusterDownWarning(log, segments, hostSide);
        TableLog t = new TableLog().withArrows();
        SegmentProbe.HostSide ch = SegmentProbe.hostSide(ctx, coordinator);
        t.info("Coordinator host", "= " + coordinator.hostname());
        t.info("Coordinator postgres process ID", "= " + ch.pid());
        t.info("Coordinator data directory", "= " + coordinator.datadir());
        t.info("Coordinator port", "= " + coordinator.port());
        t.info("Coordinator current role", "= dispatch");
        t.info("Greenplum initsystem version", "= " + serverVersion(ctx));
        t.info("Greenplum current version", "= " + serverVersion(ctx));
        t.info("Postgres version", "= " + serverVersion(ctx).replaceFirst("^PostgreSQL (\\S+).*$", "$1"));
        standbySummary(ctx, all, t);
        t.output(log);
        boolean warnings = t.hasWarnings();

        log.info("----------------------------------------------------");
        log.info("Segment Instance Status Report");
        TableLog s = new TableLog().withArrows();
        boolean mirrored = GpState.hasMirrors(segments);
        for (SegmentRow r : segments) {
            s.separator();
            SegmentProbe.HostSide h = hostSide.get(r.dbid());
            s.info("Segment Info");
            s.info("   Hostname", "= " + r.hostname());
            s.info("   Address", "= " + r.address());
            s.info("   Datadir", "= " + r.datadir());
            s.info("   Port", "= " + r.port());
            if (mirrored) {
                s.info("Mirroring Info");
                s.info("   Current role", "= " + (r.isPrimary() ? "Primary" : "Mirror"));
                s.info("   Preferred role", "= " + (r.preferredRole() == 'p' ? "Primary" : "Mirror"));
                String mirrorStatus = GpState.dataModeLabel(r.mode());
                Optional<SegmentRow> primary = all.stream().filter(o -> o.content() == r.content() && o.isPrimary()).findFirst();
                Optional<SegmentProbe.Replication> rep = primary.filter(SegmentRow::isUp)
                        .flatMap(p -> SegmentProbe.replication(ctx.cluster(), p));
                if (!r.isPrimary() && rep.isPresent() && rep.get().state() != null) {
                    mirrorStatus = capitalize(rep.get().state());
                }
                s.info("   Mirror status", "= " + mirrorStatus);
                if (rep.isPresent()) {
                    SegmentProbe.Replication x = rep.get();
                    s.info("Replication Info");
                    if (r.isPrimary()) {
                        s.info("   Current write location", "= " + x.currentLsn());
                        s.infoOrWarn(x.sentLeft() == null, "   Bytes remaining to send to mirror",
                                "= " + (x.sentLeft() == null ? "Unknown" : x.sentLeft()));
                    } else {
                        s.infoOrWarn(x.sentLsn() == null, "   WAL Sent Location", "= " + orUnknown(x.sentLsn()));
                        s.infoOrWarn(x.flushLsn() == null, "   WAL Flush Location", "= " + orUnknown(x.flushLsn()));
                        s.infoOrWarn(x.replayLsn() == null, "   WAL Replay Location", "= " + orUnknown(x.replayLsn()));
                        s.infoOrWarn(x.flushLeft() == null, "   Bytes received but remain to flush", "= " + orUnknown(x.flushLeft()));
                        s.infoOrWarn(x.replayLeft() == null, "   Bytes received but remain to replay", "= " + orUnknown(x.replayLeft()));
                    }
                }
            }
            s.info("Status");
            s.infoOrWarn(!h.running(), "   PID", "= " + (h.running() ? Long.toString(h.pid()) : "Not found"));
            s.infoOrWarn(!r.isUp(), "   Configuration reports status as", "= " + (r.isUp() ? "Up" : "Down"));
            s.infoOrWarn(h.statusIsWarning(), r.isPrimary() ? "   Database status" : "   Segment status", "= " + h.databaseStatus());
        }
        s.output(log);
        warnings |= s.hasWarnings();
        if (warnings) {
            log.warn("*****************************************************");
            log.warn("Warnings have been generated during status processing");
            log.warn("Check log file or review screen output");
            log.warn("*****************************************************");
        }
        return warnings ? 1 : 0;
    }

    /** gpstate -f. */
    int standby() {
        Optional<SegmentRow> standby = standbyRow(all);
        if (standby.isEmpty()) {
            log.info("Standby coordinator instance not configured");
        } else {
            SegmentRow sb = standby.get();
            SegmentProbe.HostSide h = SegmentProbe.hostSide(ctx, sb);
            log.info("Standby coordinator details");
            log.info("----------------------");
            TableLog t = new TableLog().withArrows();
            t.info("Standby address", "= " + sb.address());
            t.info("Standby data directory", "= " + sb.datadir());
            t.info("Standby port", "= " + sb.port());
            if (h.fetchWarning() != null) {
                t.warn("Standby PID", "= " + h.fetchWarning());
                t.warn("Standby status", "= Status could not be determined");
            } else if (!h.running()) {
                t.warn("Standby PID", "= 0");
                t.warn("Standby status", "= Standby process not running");
            } else {
                t.info("Standby PID", "= " + h.pid());
                t.info("Standby status", "= Standby host passive");
            }
            t.output(log);
        }
        log.info("-------------------------------------------------------------");
        log.info("-pg_stat_replication");
        log.info("-------------------------------------------------------------");
        try (Connection c = ctx.cluster().connectCoordinator(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT state, sync_state, sent_lsn, flush_lsn, replay_lsn FROM pg_stat_replication")) {
            int rows = 0;
            String[] row = null;
            while (rs.next()) {
                rows++;
                row = new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)};
            }
            if (rows == 1) {
                log.info("-WAL Sender State: " + row[0]);
                log.info("-Sync state: " + row[1]);
                log.info("-Sent Location: " + row[2]);
                log.info("-Flush Location: " + row[3]);
                log.info("-Replay Location: " + row[4]);
            } else if (rows > 1) {
                log.warn("pg_stat_replication shows more than 1 row.");
            } else {
                log.info("No entries found.");
            }
        } catch (SQLException | java.io.IOException e) {
            log.warn("could not query pg_stat_replication on the coordinator: " + e.getMessage());
        }
        log.info("-------------------------------------------------------------");
        return 0;
    }

    private static String capitalize(String s) {
        if ("backup".equals(s)) {
            return "Copying files from primary";
        }
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String orUnknown(Object o) {
        return o == null ? "Unknown" : o.toString();
    }

    static boolean exists(String datadir) {
        return java.nio.file.Files.exists(Path.of(datadir));
    }
}
