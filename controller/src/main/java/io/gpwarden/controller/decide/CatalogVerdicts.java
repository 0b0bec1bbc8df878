package io.gpwarden.controller.decide;

import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.ReplicationStream;
import io.gpwarden.controller.catalog.Segment;
import io.gpwarden.controller.config.StandbyPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a fresh catalog snapshot says is wrong, the way {@code gpstate -e} and {@code -f} would
 * show it: segments marked down, pairs out of sync, segments out of their preferred role (with
 * the resulting skew), and the standby coordinator's replication. Also the promotions that
 * happened since the previous snapshot. Pure.
 */
final class CatalogVerdicts {
    private CatalogVerdicts() {
    }

    static List<Condition> conditions(CatalogSnapshot now, Optional<CatalogSnapshot> previous, StandbyPolicy standby,
                                      boolean standbyConfigured) {
        Instant at = now.readAt();
        List<Condition> out = new ArrayList<>();
        for (Segment s : now.segmentInstances()) {
            if (!s.isUp()) {
                out.add(segmentMarkedDown(s, at));
            }
        }
        for (Segment primary : now.primaries()) {
            Optional<Segment> mirror = mirrorOf(now, primary.content());
            if (mirror.isPresent() && (primary.mode() != Segment.Mode.SYNCED || !mirror.get().isUp())) {
                out.add(notInSync(now, primary, mirror.get(), at));
            }
        }
        notInPreferredRole(now, at).ifPresent(out::add);
        standbyConditions(now, standby, standbyConfigured, at).ifPresent(out::add);
        return out;
    }

    /** Mirrors that are primaries now but were mirrors in the previous snapshot: FTS promoted them. */
    static List<Condition> promotions(CatalogSnapshot now, Optional<CatalogSnapshot> previous) {
        if (previous.isEmpty()) {
            return List.of();
        }
        List<Condition> out = new ArrayList<>();
        for (Segment s : now.primaries()) {
            Optional<Segment> before = previous.get().byDbid(s.dbid());
            if (before.isPresent() && !before.get().isPrimary()) {
                Optional<Segment> failed = previous.get().segmentInstances().stream()
                        .filter(p -> p.content() == s.content() && p.isPrimary()).findFirst();
                out.add(Condition.builder(EventKind.MIRROR_PROMOTED, "mirror-promoted/content=" + s.content(),
                                Source.CATALOG, now.readAt())
                        .severity(Severity.WARNING)
                        .host(s.hostname()).segment(s.dbid(), s.content(), s.port())
                        .summary("mirror seg" + s.content() + " (dbid " + s.dbid() + ") on " + s.hostname() + ":"
                                + s.port() + " was promoted to primary"
                                + failed.map(f -> " after primary dbid " + f.dbid() + " on " + f.hostname() + " failed")
                                        .orElse(""))
                        .actionTaken("Greenplum's FTS promoted the mirror; the controller only observed it.")
                        .nextStep("Find why the old primary failed (its host and log), recover it with"
                                + " 'gprecoverseg -a' (incremental), then return roles with 'gprecoverseg -r'"
                                + " once every pair is in sync.")
                        .build());
            }
        }
        return out;
    }

    private static Condition segmentMarkedDown(Segment s, Instant at) {
        Condition.Builder b = Condition.builder(EventKind.SEGMENT_DOWN, SegmentKeys.down(s.dbid()), Source.CATALOG, at)
                .severity(Severity.CRITICAL)
                .host(s.hostname()).segment(s.dbid(), s.content(), s.port()).path(s.datadir())
                .summary(s.describe() + " is down (marked down by Greenplum's FTS)")
                .detail("gp_segment_configuration: role " + s.role().code() + ", preferred role "
                        + s.preferredRole().code() + ", status d")
                .fact("datadir", s.datadir());
        if (s.isPrimary()) {
            return b.actionTaken("None: FTS found no in-sync mirror to promote (a double fault); content "
                            + s.content() + " is unavailable.")
                    .nextStep("Bring up the primary or its mirror on " + s.hostname()
                            + " (see its log), then run 'gprecoverseg -a'.")
                    .severity(Severity.CRITICAL).build();
        }
        return b.actionTaken("None needed at once: the pair's other instance serves as primary.")
                .nextStep("Find why it failed (host " + s.hostname() + ", log in " + s.datadir()
                        + "), then run 'gprecoverseg -a' (incremental recovery).")
                .build();
    }

    private static Condition notInSync(CatalogSnapshot now, Segment primary, Segment mirror, Instant at) {
        Optional<ReplicationStream> stream = now.replication().stream()
                .filter(r -> r.content() == primary.content()).findFirst();
        OptionalLong lag = stream.map(r -> r.replayLagBytes(OptionalLong.empty())).orElse(OptionalLong.empty());
        String why = !mirror.isUp() ? "its mirror (dbid " + mirror.dbid() + " on " + mirror.hostname() + ") is down"
                : stream.map(r -> "WAL sender " + r.state()).orElse("no WAL sender to the mirror");
        Condition.Builder b = Condition.builder(EventKind.PAIR_NOT_IN_SYNC, "pair-not-in-sync/content=" + primary.content(),
                        Source.CATALOG, at)
                .severity(Severity.WARNING)
                .host(primary.hostname()).segment(primary.dbid(), primary.content(), primary.port())
                .summary("seg" + primary.content() + " is not in sync: " + why)
                .detail("primary dbid " + primary.dbid() + " on " + primary.hostname() + ":" + primary.port()
                        + " mode " + primary.mode().code() + "; mirror dbid " + mirror.dbid() + " on "
                        + mirror.hostname() + ":" + mirror.port() + " status " + mirror.status().code())
                .actionTaken("None: the primary keeps serving and tracks changes for an incremental resync.")
                .nextStep(mirror.isUp() ? "Wait for the mirror to catch up; if it does not, check the network and"
                        + " the mirror's log on " + mirror.hostname() + "."
                        : "Recover the mirror with 'gprecoverseg -a'; until then a second failure loses content "
                        + primary.content() + ".");
        lag.ifPresent(l -> b.fact("wal_remaining_bytes", l));
        return b.build();
    }

    private static Optional<Condition> notInPreferredRole(CatalogSnapshot now, Instant at) {
        List<Segment> swapped = now.segmentInstances().stream().filter(s -> !s.inPreferredRole()).toList();
        if (swapped.isEmpty()) {
            return Optional.empty();
        }
        Map<String, int[]> perHost = new TreeMap<>();
        for (Segment s : now.segmentInstances()) {
            int[] counts = perHost.computeIfAbsent(s.hostname(), h -> new int[2]);
            if (s.isPrimary()) {
                counts[0]++;
            }
            if (s.preferredRole() == Segment.Role.PRIMARY) {
                counts[1]++;
            }
        }
        List<String> skew = new ArrayList<>();
        perHost.forEach((host, c) -> {
            if (c[0] != c[1]) {
                skew.add(host + " carries " + c[0] + " primar" + (c[0] == 1 ? "y" : "ies") + " (preferred " + c[1] + ")");
            }
        });
        long pairs = swapped.stream().mapToInt(Segment::content).distinct().count();
        Condition.Builder b = Condition.builder(EventKind.NOT_PREFERRED_ROLE, "not-preferred-role", Source.CATALOG, at)
                .severity(Severity.WARNING)
                .summary(pairs + " pair" + (pairs == 1 ? "" : "s") + " not in preferred role"
                        + (skew.isEmpty() ? "" : ": " + String.join(", ", skew)))
                .detail("contents " + swapped.stream().map(Segment::content).distinct().sorted()
                        .map(String::valueOf).reduce((a, c) -> a + ", " + c).orElse(""))
                .actionTaken("None: rebalancing cancels running queries, so it waits for a person.")
                .nextStep("When every pair is in sync, run 'gprecoverseg -r' in a quiet period to return"
                        + " segments to their preferred roles.");
        perHost.forEach((host, c) -> b.fact("primaries_on_" + host, c[0] + "/" + c[1]));
        return Optional.of(b.build());
    }

    private static Optional<Condition> standbyConditions(CatalogSnapshot now, StandbyPolicy policy,
                                                         boolean standbyConfigured, Instant at) {
        Optional<Segment> standby = now.standby();
        if (standby.isEmpty() && !standbyConfigured) {
            return Optional.empty();
        }
        Optional<ReplicationStream> stream = now.standbyStream();
        String where = standby.map(s -> s.hostname() + ":" + s.port()).orElse("the configured standby");
        if (standby.isEmpty() || !standby.get().isUp() || stream.isEmpty() || !stream.get().isStreaming()) {
            String why = standby.isEmpty() ? "the catalog has no standby coordinator"
                    : !standby.get().isUp() ? "the catalog marks it down"
                    : stream.isEmpty() ? "the coordinator has no WAL sender to it"
                    : "its WAL sender is in state " + stream.get().state();
            Condition.Builder b = Condition.builder(EventKind.STANDBY_NOT_STREAMING, StandbyKeys.NOT_STREAMING,
                            Source.CATALOG, at)
                    .severity(Severity.CRITICAL)
                    .summary("standby coordinator " + where + " is not streaming: " + why)
                    .actionTaken("None: without a streaming standby a coordinator failure cannot be failed over.")
                    .nextStep(standby.isEmpty() ? "Add a standby with 'gpinitstandby -s <host>'."
                            : "Check the standby's log; if it cannot catch up, re-create it with"
                            + " 'gpinitstandby -n' or 'gpinitstandby -r' then '-s'.");
            standby.ifPresent(s -> b.host(s.hostname()).port(s.port()).content(-1));
            return Optional.of(b.build());
        }
        OptionalLong lag = stream.get().replayLagBytes(now.coordinatorWalEnd());
        if (lag.isPresent() && lag.getAsLong() > policy.maxLagBytes()) {
            Segment s = standby.get();
            return Optional.of(Condition.builder(EventKind.STANDBY_LAGGING, StandbyKeys.LAGGING, Source.CATALOG, at)
                    .severity(Severity.WARNING)
                    .host(s.hostname()).port(s.port()).content(-1)
                    .summary("standby coordinator " + where + " is " + Bytes.human(lag.getAsLong())
                            + " behind (limit " + Bytes.human(policy.maxLagBytes()) + ")")
                    .fact("replay_lag_bytes", lag.getAsLong())
                    .actionTaken("None.")
                    .nextStep("Check the standby host's disk and network; a failover now would lose the"
                            + " transactions it has not replayed.")
                    .build());
        }
        return Optional.empty();
    }

    private static Optional<Segment> mirrorOf(CatalogSnapshot s, int content) {
        return s.segmentInstances().stream().filter(x -> x.content() == content && !x.isPrimary()).findFirst();
    }
}
