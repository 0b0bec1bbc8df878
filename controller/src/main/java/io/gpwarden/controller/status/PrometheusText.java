package io.gpwarden.controller.status;

import io.gpwarden.controller.status.ClusterStatus.DiskView;
import io.gpwarden.controller.status.ClusterStatus.InstanceView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /metrics} in the Prometheus text exposition format (version 0.0.4), rendered from one
 * {@link ClusterStatus} so every metric of a scrape comes from the same tick. Each family is
 * written with its HELP and TYPE lines once, then its samples.
 */
public final class PrometheusText {
    private final StringBuilder out = new StringBuilder();
    private final String cluster;

    private PrometheusText(String cluster) {
        this.cluster = cluster;
    }

    public static String render(ClusterStatus s) {
        PrometheusText p = new PrometheusText(s.cluster());
        p.health(s);
        p.instances(s);
        p.replication(s);
        p.disks(s);
        p.problems(s);
        p.controller(s);
        return p.out.toString();
    }

    private void health(ClusterStatus s) {
        family("gpwarden_cluster_health", "gauge", "1 for the cluster's current health word, 0 for the others.");
        for (String h : List.of("healthy", "degraded", "unreachable", "unknown")) {
            sample("gpwarden_cluster_health", labels("state", h), h.equals(s.health()) ? 1 : 0);
        }
        family("gpwarden_catalog_fresh", "gauge", "1 when the latest catalog read succeeded.");
        sample("gpwarden_catalog_fresh", labels(), s.catalog() != null && s.catalog().fresh() ? 1 : 0);
    }

    private void instances(ClusterStatus s) {
        List<InstanceView> all = new ArrayList<>();
        if (s.coordinator() != null) {
            all.add(s.coordinator());
        }
        if (s.standby() != null) {
            all.add(s.standby());
        }
        all.addAll(s.segments());
        family("gpwarden_instance_up", "gauge",
                "1 when the instance answers our probe (coordinator, standby, primaries) or the catalog marks it up (mirrors).");
        for (InstanceView i : all) {
            boolean up = i.probe() != null ? i.probe().equals("up") : "u".equals(i.status());
            sample("gpwarden_instance_up", instanceLabels(i), up ? 1 : 0);
        }
        family("gpwarden_instance_info", "gauge", "Catalog role, preferred role, mode and status of each instance (always 1).");
        for (InstanceView i : all) {
            if (i.role() != null) {
                Map<String, String> l = instanceLabels(i);
                l.put("role", i.role());
                l.put("preferred_role", i.preferredRole());
                l.put("mode", i.mode());
                l.put("status", i.status());
                sample("gpwarden_instance_info", l, 1);
            }
        }
        family("gpwarden_instance_in_preferred_role", "gauge", "1 when the segment has its preferred role.");
        for (InstanceView i : s.segments()) {
            sample("gpwarden_instance_in_preferred_role", instanceLabels(i), i.role() != null && i.role().equals(i.preferredRole()) ? 1 : 0);
        }
        family("gpwarden_segment_in_sync", "gauge", "1 when the primary of a content reports mode s (synchronized).");
        for (InstanceView i : s.segments()) {
            if ("p".equals(i.role())) {
                sample("gpwarden_segment_in_sync", labels("content", Integer.toString(i.content())), "s".equals(i.mode()) ? 1 : 0);
            }
        }
        family("gpwarden_probe_latency_seconds", "gauge", "Duration of the last probe (connect + SELECT 1).");
        for (InstanceView i : all) {
            if (i.probeMillis() != null) {
                sample("gpwarden_probe_latency_seconds", instanceLabels(i), i.probeMillis() / 1000.0);
            }
        }
    }

    private void replication(ClusterStatus s) {
        if (s.replication() == null) {
            return;
        }
        family("gpwarden_standby_streaming", "gauge", "1 when the coordinator's WAL sender to the standby is streaming.");
        sample("gpwarden_standby_streaming", labels(), "streaming".equals(s.replication().state()) ? 1 : 0);
        if (s.replication().replayLagBytes() != null) {
            family("gpwarden_standby_replay_lag_bytes", "gauge", "WAL bytes the standby coordinator has not replayed.");
            sample("gpwarden_standby_replay_lag_bytes", labels(), s.replication().replayLagBytes());
        }
        if (s.replication().replayLagSeconds() != null) {
            family("gpwarden_standby_replay_lag_seconds", "gauge", "The standby's replay lag in time, when the server reports it.");
            sample("gpwarden_standby_replay_lag_seconds", labels(), s.replication().replayLagSeconds());
        }
    }

    private void disks(ClusterStatus s) {
        if (s.disks().isEmpty()) {
            return;
        }
        family("gpwarden_disk_free_bytes", "gauge", "Free space on a segment host's file system (gp_toolkit.gp_disk_free).");
        for (DiskView d : s.disks()) {
            sample("gpwarden_disk_free_bytes", labels("host", d.hostname(), "device", d.device()), d.freeBytes());
        }
        family("gpwarden_disk_used_ratio", "gauge", "Used share of a file system, 0..1, when its capacity is known.");
        for (DiskView d : s.disks()) {
            if (d.usedPercent() != null) {
                sample("gpwarden_disk_used_ratio", labels("host", d.hostname(), "device", d.device()), d.usedPercent() / 100.0);
            }
        }
    }

    private void problems(ClusterStatus s) {
        family("gpwarden_conditions", "gauge", "Conditions that hold now, by severity.");
        for (String u : List.of("info", "warning", "critical")) {
            sample("gpwarden_conditions", labels("severity", u),
                    s.conditions().stream().filter(c -> c.severity().equals(u)).count());
        }
        family("gpwarden_incidents_open", "gauge", "Open incidents of the alerting engine, by severity.");
        for (String u : List.of("info", "warning", "critical")) {
            sample("gpwarden_incidents_open", labels("severity", u),
                    s.incidents().stream().filter(c -> c.severity().equalsIgnoreCase(u)).count());
        }
    }

    private void controller(ClusterStatus s) {
        if (s.controller() == null) {
            return;
        }
        family("gpwarden_ticks_total", "counter", "Ticks run since the controller started.");
        sample("gpwarden_ticks_total", labels(), s.controller().ticks());
        family("gpwarden_late_ticks_total", "counter", "Ticks that started later than their interval allows.");
        sample("gpwarden_late_ticks_total", labels(), s.controller().lateTicks());
        family("gpwarden_tick_duration_seconds", "gauge", "Duration of the last tick (observe, decide, act).");
        sample("gpwarden_tick_duration_seconds", labels(), s.controller().lastTickMillis() / 1000.0);
        family("gpwarden_notifications_undelivered", "gauge", "Notifications in the outbox not yet delivered.");
        sample("gpwarden_notifications_undelivered", labels(), s.controller().undeliveredNotifications());
    }

    private Map<String, String> instanceLabels(InstanceView i) {
        Map<String, String> l = labels("kind", i.kind(), "content", Integer.toString(i.content()));
        if (i.dbid() != null) {
            l.put("dbid", Integer.toString(i.dbid()));
        }
        l.put("host", i.hostname() == null ? "" : i.hostname());
        l.put("port", Integer.toString(i.port()));
        return l;
    }

    private Map<String, String> labels(String... kv) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("cluster", cluster);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            l.put(kv[i], kv[i + 1]);
        }
        return l;
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, Map<String, String> labels, double value) {
        out.append(name).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
        }
        out.append("} ");
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(String.format(Locale.ROOT, "%.6g", value));
        }
        out.append('\n');
    }

    private static String escape(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
