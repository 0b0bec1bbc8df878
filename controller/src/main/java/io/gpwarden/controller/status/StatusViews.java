package io.gpwarden.controller.status;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.DiskFree;
import io.gpwarden.controller.catalog.ReplicationStream;
import io.gpwarden.controller.catalog.Segment;
import io.gpwarden.controller.decide.Condition;
import io.gpwarden.controller.decide.Decision;
import io.gpwarden.controller.observe.Observation;
import io.gpwarden.controller.probe.ProbeResult;
import io.gpwarden.controller.status.ClusterStatus.CatalogView;
import io.gpwarden.controller.status.ClusterStatus.ConditionView;
import io.gpwarden.controller.status.ClusterStatus.ControllerView;
import io.gpwarden.controller.status.ClusterStatus.DiskView;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import io.gpwarden.controller.status.ClusterStatus.InstanceView;
import io.gpwarden.controller.status.ClusterStatus.ReplicationView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Builds the {@link ClusterStatus} view of one tick from its observation and decision. Pure. */
public final class StatusViews {
    private StatusViews() {
    }

    public static ClusterStatus of(String cluster, String source, Observation obs, Decision decision,
                                   List<IncidentView> incidents, ControllerView controller) {
        Optional<CatalogSnapshot> catalog = obs.catalog().last();
        InstanceView coordinator = instance("coordinator", obs.probes().get("coordinator"),
                catalog.flatMap(c -> c.segments().stream().filter(s -> s.isCoordinatorOrStandby() && s.isPrimary())
                        .findFirst()));
        ProbeResult standbyProbe = obs.probes().get("standby");
        Optional<Segment> standbyRow = catalog.flatMap(CatalogSnapshot::standby);
        InstanceView standby = standbyProbe == null && standbyRow.isEmpty() ? null
                : instance("standby", standbyProbe, standbyRow);
        List<InstanceView> segments = new ArrayList<>();
        catalog.ifPresent(c -> c.segmentInstances().forEach(s -> segments.add(instance(
                s.isPrimary() ? "primary" : "mirror", obs.probes().get("dbid=" + s.dbid()), Optional.of(s)))));
        ReplicationView replication = catalog.flatMap(c -> c.standbyStream().map(r -> replication(r, c))).orElse(null);
        CatalogView catalogView = new CatalogView(catalog.map(c -> c.readAt().toString()).orElse(null),
                obs.catalog().fresh().isPresent(), obs.catalog().failure().map(f -> f.message()).orElse(null),
                catalog.map(CatalogSnapshot::serverVersion).orElse(null));
        return new ClusterStatus(cluster, obs.at().toString(), source, decision.health().name().toLowerCase(Locale.ROOT),
                decision.sentence(), coordinator, standby, segments, replication, disks(obs, decision.active()),
                decision.active().stream().map(StatusViews::condition).toList(), incidents, catalogView, controller);
    }

    public static ConditionView condition(Condition c) {
        return new ConditionView(c.key(), c.kind().slug(),
                c.severity().name().toLowerCase(Locale.ROOT), c.since().toString(), c.summary(), c.actionTaken(),
                c.nextStep());
    }

    private static InstanceView instance(String kind, ProbeResult probe, Optional<Segment> row) {
        Segment s = row.orElse(null);
        String host = s != null ? s.hostname() : probe != null ? probe.target().hostname() : null;
        String address = probe != null ? probe.target().endpoint().host() : s != null ? s.address() : null;
        int port = probe != null ? probe.target().endpoint().port() : s != null ? s.port() : 0;
        return new InstanceView(kind, s == null ? null : s.dbid(), s == null ? -1 : s.content(), host, address, port,
                s == null ? null : s.datadir(), s == null ? null : s.role().code(),
                s == null ? null : s.preferredRole().code(), s == null ? null : s.mode().code(),
                s == null ? null : s.status().code(), probe == null ? null : probe.reachability().label(),
                probe == null ? null : probe.latency().toNanos() / 1e6, probe == null ? null : probe.detail());
    }

    private static ReplicationView replication(ReplicationStream r, CatalogSnapshot c) {
        var lag = r.replayLagBytes(c.coordinatorWalEnd());
        return new ReplicationView(r.state(), r.syncState(), lag.isPresent() ? lag.getAsLong() : null,
                r.replayLag().map(d -> d.toNanos() / 1e9).orElse(null), r.syncError());
    }

    private static List<DiskView> disks(Observation obs, List<Condition> active) {
        Map<String, List<DiskFree>> byDevice = new LinkedHashMap<>();
        for (DiskFree d : obs.disk().rows()) {
            byDevice.computeIfAbsent(d.hostname() + ":" + d.device(), k -> new ArrayList<>()).add(d);
        }
        List<DiskView> out = new ArrayList<>();
        for (List<DiskFree> group : byDevice.values()) {
            DiskFree first = group.get(0);
            double used = first.usedPercent();
            String level = active.stream()
                    .filter(c -> c.kind() == EventKind.DISK_USAGE && first.hostname().equals(c.host())
                            && first.device().equals(c.path()))
                    .map(c -> c.severity().name().toLowerCase(Locale.ROOT)).findFirst().orElse("ok");
            out.add(new DiskView(first.hostname(), first.device(), group.stream().map(DiskFree::content).toList(),
                    first.freeBytes(), first.capacityBytes().isPresent() ? first.capacityBytes().getAsLong() : null,
                    Double.isNaN(used) ? null : used, level));
        }
        return out;
    }
}
