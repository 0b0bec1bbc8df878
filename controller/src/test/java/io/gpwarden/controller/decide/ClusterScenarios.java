package io.gpwarden.controller.decide;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.ReplicationStream;
import io.gpwarden.controller.catalog.Segment;
import io.gpwarden.controller.config.DiskPolicy;
import io.gpwarden.controller.config.Endpoint;
import io.gpwarden.controller.config.PollSettings;
import io.gpwarden.controller.config.StandbyPolicy;
import io.gpwarden.controller.jdbc.Reachability;
import io.gpwarden.controller.observe.CatalogReading;
import io.gpwarden.controller.observe.DiskReading;
import io.gpwarden.controller.observe.Observation;
import io.gpwarden.controller.observe.ReadFailure;
import io.gpwarden.controller.probe.ProbeResult;
import io.gpwarden.controller.probe.ProbeTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Named cluster situations for decision tests, read like runbook steps: a healthy two-host
 * cluster (cdw, scdw, sdw1, sdw2; four contents, group mirroring), then what happens to it.
 * Primaries: dbid 2,3 on sdw1, 4,5 on sdw2; their mirrors 6,7 on sdw2 and 8,9 on sdw1.
 */
final class ClusterScenarios {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Endpoint COORDINATOR = new Endpoint("cdw", 5432);
    static final Endpoint STANDBY = new Endpoint("scdw", 5432);
    static final long WAL_END = 0x3_0000_0000L;
    static final Duration NOT_SERVING_AFTER = Duration.ofSeconds(30);
    static final DiskPolicy DISK_POLICY = new DiskPolicy(new PollSettings(Duration.ofMinutes(5), Duration.ofMinutes(1)),
            70, 90, 5, Duration.ofHours(24), Duration.ofHours(6), Optional.empty());

    private ClusterScenarios() {
    }

    static HealthDecider decider() {
        return new HealthDecider("prod", 3, NOT_SERVING_AFTER, new StandbyPolicy(64L << 20), true, new DiskVerdicts(DISK_POLICY));
    }

    static CatalogSnapshot healthyCatalog(Instant at) {
        List<Segment> s = new ArrayList<>();
        s.add(seg(1, -1, "p", "p", "cdw", 5432));
        s.add(seg(10, -1, "m", "m", "scdw", 5432));
        s.add(seg(2, 0, "p", "p", "sdw1", 6000));
        s.add(seg(6, 0, "m", "m", "sdw2", 7000));
        s.add(seg(3, 1, "p", "p", "sdw1", 6001));
        s.add(seg(7, 1, "m", "m", "sdw2", 7001));
        s.add(seg(4, 2, "p", "p", "sdw2", 6000));
        s.add(seg(8, 2, "m", "m", "sdw1", 7000));
        s.add(seg(5, 3, "p", "p", "sdw2", 6001));
        s.add(seg(9, 3, "m", "m", "sdw1", 7001));
        List<ReplicationStream> r = new ArrayList<>();
        r.add(stream(-1, WAL_END));
        for (int content = 0; content < 4; content++) {
            r.add(stream(content, WAL_END));
        }
        return new CatalogSnapshot(at, "PostgreSQL 12.12 (Greenplum Database 7.1.0)", s, r, OptionalLong.of(WAL_END));
    }

    /** FTS marked the primary of {@code content} down and promoted its mirror, which is now not in sync. */
    static CatalogSnapshot afterPromotion(Instant at, int content) {
        CatalogSnapshot healthy = healthyCatalog(at);
        int primary = healthy.primaries().stream().filter(p -> p.content() == content).findFirst().orElseThrow().dbid();
        int mirror = healthy.segmentInstances().stream().filter(m -> m.content() == content && !m.isPrimary())
                .findFirst().orElseThrow().dbid();
        CatalogSnapshot s = change(healthy, primary, x -> with(x, "m", "n", "d"));
        s = change(s, mirror, x -> with(x, "p", "n", "u"));
        return withoutStream(s, content);
    }

    /** After an incremental gprecoverseg: both up and in sync, but roles still swapped. */
    static CatalogSnapshot recoveredNotRebalanced(Instant at, int content) {
        CatalogSnapshot s = afterPromotion(at, content);
        for (Segment x : s.segmentInstances()) {
            if (x.content() == content) {
                s = change(s, x.dbid(), y -> with(y, y.role().code(), "s", "u"));
            }
        }
        List<ReplicationStream> r = new ArrayList<>(s.replication());
        r.add(stream(content, WAL_END));
        return new CatalogSnapshot(at, s.serverVersion(), s.segments(), r, s.coordinatorWalEnd());
    }

    static CatalogSnapshot standbyLagging(Instant at, long bytes) {
        CatalogSnapshot h = healthyCatalog(at);
        List<ReplicationStream> r = new ArrayList<>(h.replication());
        r.set(0, new ReplicationStream(-1, "gp_walreceiver", "127.0.1.2", "streaming", "sync",
                OptionalLong.of(WAL_END), OptionalLong.of(WAL_END - bytes), OptionalLong.of(WAL_END - bytes),
                Optional.empty(), "none"));
        return new CatalogSnapshot(at, h.serverVersion(), h.segments(), r, h.coordinatorWalEnd());
    }

    static CatalogSnapshot standbyNotStreaming(Instant at) {
        return withoutStream(healthyCatalog(at), -1);
    }

    static CatalogSnapshot change(CatalogSnapshot s, int dbid, UnaryOperator<Segment> f) {
        List<Segment> segments = s.segments().stream().map(x -> x.dbid() == dbid ? f.apply(x) : x).toList();
        return new CatalogSnapshot(s.readAt(), s.serverVersion(), segments, s.replication(), s.coordinatorWalEnd());
    }

    static Segment with(Segment x, String role, String mode, String status) {
        return new Segment(x.dbid(), x.content(), role.equals("p") ? Segment.Role.PRIMARY : Segment.Role.MIRROR,
                x.preferredRole(), mode.equals("s") ? Segment.Mode.SYNCED : Segment.Mode.NOT_SYNCED,
                status.equals("u") ? Segment.Status.UP : Segment.Status.DOWN, x.hostname(), x.address(), x.port(),
                x.datadir());
    }

    private static CatalogSnapshot withoutStream(CatalogSnapshot s, int content) {
        return new CatalogSnapshot(s.readAt(), s.serverVersion(), s.segments(),
                s.replication().stream().filter(r -> r.content() != content).toList(), s.coordinatorWalEnd());
    }

    private static Segment seg(int dbid, int content, String role, String preferred, String host, int port) {
        return new Segment(dbid, content, role.equals("p") ? Segment.Role.PRIMARY : Segment.Role.MIRROR,
                preferred.equals("p") ? Segment.Role.PRIMARY : Segment.Role.MIRROR, Segment.Mode.SYNCED,
                Segment.Status.UP, host, host, port, "/data/" + (role.equals("p") ? "primary" : "mirror") + "/gpseg" + content);
    }

    private static ReplicationStream stream(int content, long position) {
        return new ReplicationStream(content, "gp_walreceiver", "127.0.1.9", "streaming", "sync",
                OptionalLong.of(position), OptionalLong.of(position), OptionalLong.of(position), Optional.empty(), "none");
    }

    /** One tick's observation: every probe answers unless {@code failures} says otherwise (by target id). */
    static Observation observe(Instant at, CatalogReading catalog, Map<String, Reachability> failures) {
        Map<String, ProbeResult> probes = new LinkedHashMap<>();
        List<ProbeTarget> targets = new ArrayList<>();
        targets.add(ProbeTarget.coordinator(COORDINATOR));
        targets.add(ProbeTarget.standby(STANDBY));
        catalog.last().ifPresent(c -> c.primaries().forEach(p -> targets.add(ProbeTarget.primary(p))));
        for (ProbeTarget t : targets) {
            Reachability r = failures.getOrDefault(t.id(), Reachability.UP);
            probes.put(t.id(), new ProbeResult(t, r, at, Duration.ofMillis(3), detail(r), sqlState(r)));
        }
        return new Observation(at, probes, catalog, DiskReading.NONE);
    }

    static Observation observe(Instant at, CatalogSnapshot catalog, Map<String, Reachability> failures) {
        return observe(at, CatalogReading.of(catalog), failures);
    }

    static Observation healthy(Instant at) {
        return observe(at, healthyCatalog(at), Map.of());
    }

    static CatalogReading unreadable(CatalogSnapshot last, Instant at, Reachability why) {
        return CatalogReading.of(last).failed(new ReadFailure(at, why, "reading the catalog on cdw:5432: " + why.label()));
    }

    private static String detail(Reachability r) {
        return switch (r) {
            case UP -> "";
            case DOWN -> "Connection to sdw1:6000 refused.";
            case UNRESPONSIVE -> "no answer within 800 ms";
            case LOGIN_REJECTED -> "FATAL: password authentication failed for user \"gpadmin\"";
            case BUSY -> "FATAL: sorry, too many clients already";
            case STARTING -> "FATAL: the database system is starting up";
            default -> r.label();
        };
    }

    private static String sqlState(Reachability r) {
        return switch (r) {
            case LOGIN_REJECTED -> "28P01";
            case BUSY -> "53300";
            case STARTING -> "57P03";
            case DOWN -> "08001";
            default -> "";
        };
    }
}
