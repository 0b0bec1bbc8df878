package io.gpwarden.controller.status;

import io.gpwarden.controller.decide.Bytes;
import io.gpwarden.controller.status.ClusterStatus.ConditionView;
import io.gpwarden.controller.status.ClusterStatus.DiskView;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import io.gpwarden.controller.status.ClusterStatus.InstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code gpwarden status} for people: the parts of {@code gpstate -e} and {@code gpstate -f} an
 * on-call engineer needs first — the coordinator and standby, only the segments with problems
 * (down, not in sync, not in preferred role), the skew that leaves, disk use per host as a bar,
 * and what is open. Healthy things are summed up in one line each, not listed.
 */
public final class StatusText {
    static final int BAR_WIDTH = 20;

    private StatusText() {
    }

    public static String render(ClusterStatus s) {
        StringBuilder out = new StringBuilder();
        out.append("Cluster ").append(s.cluster()).append(": ").append(s.health().toUpperCase(Locale.ROOT))
                .append("   (").append(s.at()).append(")\n");
        if (s.catalog() != null && !s.catalog().fresh()) {
            out.append("  catalog ").append(s.catalog().readAt() == null ? "never read" : "last read " + s.catalog().readAt())
                    .append(s.catalog().failure() == null ? "" : ": " + s.catalog().failure()).append('\n');
        }
        out.append('\n');
        coordinators(s, out);
        segments(s, out);
        disks(s, out);
        conditions(s, out);
        incidents(s, out);
        return out.toString();
    }

    private static void coordinators(ClusterStatus s, StringBuilder out) {
        out.append(row("Coordinator", s.coordinator())).append('\n');
        if (s.standby() == null) {
            out.append("Standby       none configured\n");
        } else {
            StringBuilder line = new StringBuilder(row("Standby", s.standby()));
            if (s.replication() != null) {
                line.append(", WAL sender ").append(s.replication().state());
                if (s.replication().syncState() != null) {
                    line.append(" (").append(s.replication().syncState()).append(')');
                }
                if (s.replication().replayLagBytes() != null) {
                    line.append(", replay lag ").append(Bytes.human(s.replication().replayLagBytes()));
                }
            } else if (s.catalog() != null && s.catalog().readAt() != null) {
                line.append(", not streaming");
            }
            out.append(line).append('\n');
        }
        out.append('\n');
    }

    private static String row(String label, InstanceView i) {
        String where = i.hostname() + (i.address() != null && !i.address().equals(i.hostname()) ? " (" + i.address() + ")" : "")
                + ":" + i.port();
        String probe = i.probe() == null ? "not probed"
                : i.probe().equals("up") ? "up (" + millis(i.probeMillis()) + ")"
                : i.probe() + (i.probeDetail() == null || i.probeDetail().isEmpty() ? "" : ": " + i.probeDetail());
        return String.format(Locale.ROOT, "%-13s %-26s %s", label, where, probe);
    }

    private static void segments(ClusterStatus s, StringBuilder out) {
        List<InstanceView> segs = s.segments();
        if (segs.isEmpty()) {
            out.append("Segments      unknown (catalog not read)\n\n");
            return;
        }
        List<InstanceView> problems = new ArrayList<>();
        Map<Integer, Boolean> contentOk = new TreeMap<>();
        java.util.Set<Integer> mirrored = new java.util.HashSet<>();
        segs.stream().filter(i -> "m".equals(i.role())).forEach(i -> mirrored.add(i.content()));
        for (InstanceView i : segs) {
            // Without a mirror the sync mode means nothing (Greenplum writes 'n').
            boolean bad = "d".equals(i.status()) || (mirrored.contains(i.content()) && !"s".equals(i.mode()))
                    || !i.role().equals(i.preferredRole()) || (i.probe() != null && !i.probe().equals("up"));
            contentOk.merge(i.content(), !bad, Boolean::logicalAnd);
        }
        for (InstanceView i : segs) {
            if (!contentOk.get(i.content())) {
                problems.add(i);
            }
        }
        long primaries = segs.stream().filter(i -> "p".equals(i.role())).count();
        long okContents = contentOk.values().stream().filter(b -> b).count();
        out.append(String.format(Locale.ROOT, "Segments      %d contents, %d primaries, %d mirrored; %d healthy%n",
                contentOk.size(), primaries, mirrored.size(), okContents));
        if (!problems.isEmpty()) {
            out.append("\nPairs with problems (gpstate -e):\n");
            out.append(String.format(Locale.ROOT, "  %-7s %-5s %-22s %-5s %-9s %-6s %-6s %s%n",
                    "content", "dbid", "host:port", "role", "preferred", "status", "mode", "probe"));
            for (InstanceView i : problems) {
                out.append(String.format(Locale.ROOT, "  %-7d %-5d %-22s %-5s %-9s %-6s %-6s %s%n",
                        i.content(), i.dbid(), i.hostname() + ":" + i.port(), i.role(), i.preferredRole(),
                        "u".equals(i.status()) ? "up" : "down", mode(i.mode()),
                        i.probe() == null ? "-" : i.probe()));
            }
            String skew = skew(segs);
            if (!skew.isEmpty()) {
                out.append("  Primaries per host (now/preferred): ").append(skew).append('\n');
            }
        }
        out.append('\n');
    }

    private static String skew(List<InstanceView> segs) {
        Map<String, int[]> perHost = new TreeMap<>();
        for (InstanceView i : segs) {
            int[] c = perHost.computeIfAbsent(i.hostname(), h -> new int[2]);
            if ("p".equals(i.role())) {
                c[0]++;
            }
            if ("p".equals(i.preferredRole())) {
                c[1]++;
            }
        }
        if (perHost.values().stream().allMatch(c -> c[0] == c[1])) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        perHost.forEach((h, c) -> parts.add(h + " " + c[0] + "/" + c[1]));
        return String.join(", ", parts);
    }

    private static String mode(String m) {
        return switch (m == null ? "" : m) {
            case "s" -> "sync";
            case "n" -> "nosync";
            case "c" -> "ctrack";
            case "r" -> "resync";
            default -> "?";
        };
    }

    private static void disks(ClusterStatus s, StringBuilder out) {
        if (s.disks().isEmpty()) {
            return;
        }
        out.append("Disk use:\n");
        for (DiskView d : s.disks()) {
            out.append(String.format(Locale.ROOT, "  %-12s %-16s %s %s free%s%n", d.hostname(), d.device(),
                    bar(d.usedPercent()), Bytes.human(d.freeBytes()),
                    d.level() == null || d.level().equals("ok") ? "" : "  " + d.level().toUpperCase(Locale.ROOT)));
        }
        out.append('\n');
    }

    /** {@code [##########----------]  50 %}, or a bar of dots when the capacity is unknown. */
    static String bar(Double usedPercent) {
        if (usedPercent == null) {
            return "[" + ".".repeat(BAR_WIDTH) + "]    ?";
        }
        double p = Math.max(0, Math.min(100, usedPercent));
        int filled = (int) Math.round(p / 100 * BAR_WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3.0f %%", p);
    }

    private static void conditions(ClusterStatus s, StringBuilder out) {
        if (s.conditions().isEmpty()) {
            out.append("Conditions    none\n");
            return;
        }
        out.append("Conditions:\n");
        for (ConditionView c : s.conditions()) {
            out.append("  ").append(c.severity().toUpperCase(Locale.ROOT)).append(' ').append(c.summary())
                    .append("  [since ").append(c.since()).append("]\n");
            if (c.nextStep() != null && !c.nextStep().isEmpty()) {
                out.append("      next: ").append(c.nextStep()).append('\n');
            }
        }
    }

    private static void incidents(ClusterStatus s, StringBuilder out) {
        if (s.source().equals("status")) {
            out.append("\nOpen incidents: no controller answered, none shown\n");
            return;
        }
        out.append('\n');
        if (s.incidents().isEmpty()) {
            out.append("Open incidents: none  (").append(s.source()).append(")\n");
            return;
        }
        out.append("Open incidents (").append(s.source()).append("):\n");
        for (IncidentView i : s.incidents()) {
            out.append("  ").append(i.severity().toUpperCase(Locale.ROOT)).append(' ').append(i.key())
                    .append(" since ").append(i.openedAt()).append(": ").append(i.summary())
                    .append(i.bounces() > 0 ? " (bounced " + i.bounces() + "x)" : "").append('\n');
        }
    }

    private static String millis(Double ms) {
        return ms == null ? "?" : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
