package io.gpwarden.testcluster.fts;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One FTS loop's decisions, with Greenplum's semantics (src/backend/fts/README, ftsprobe.c):
 *
 * <ol>
 *   <li>A primary that no attempt reached is failed over only if its pair was in sync (mode
 *       {@code s}) and its mirror up: the primary becomes role {@code m}, status {@code d}; the
 *       mirror role {@code p}; both mode {@code n}; the mirror is sent PROMOTE. Otherwise it is a
 *       double fault and nothing changes.</li>
 *   <li>A primary that answers as a replica (a promotion that did not happen yet) is sent PROMOTE again.</li>
 *   <li>A primary whose mirror has not been connected for the grace period while the catalog says
 *       the mirror is up: the mirror becomes {@code d}, the pair mode {@code n}, and the primary is
 *       sent SYNCREP_OFF so that its commits stop waiting.</li>
 *   <li>A primary whose mirror streams (caught up) but runs without synchronous replication is
 *       told to turn it on; once the mirror is a synchronous standby the pair is marked {@code s}
 *       (and the mirror {@code u} if it was down).</li>
 *   <li>The coordinator and its standby (content -1) follow rules 3 and 4, and never 1 or 2:
 *       like Greenplum, FTS never fails the coordinator over.</li>
 * </ol>
 *
 * <p>Pure: the same rows, probes, clock and remembered absences give the same outcome.
 */
public final class FtsDecision {
    private FtsDecision() {
    }

    /** The loop's result: catalog changes (one transaction), messages to send, log lines, absences to remember. */
    public record Outcome(List<Catalog.Change> changes, List<FtsAction> actions, List<String> log,
                          Map<Integer, Instant> mirrorAbsentSince) {
    }

    /**
     * @param rows             the catalog as read at the start of the loop
     * @param probes           the probe result of every row with role p (content -1: the coordinator itself)
     * @param mirrorAbsentSince when each mirror (by dbid) was first seen disconnected, from earlier loops
     */
    public static Outcome decide(List<SegmentRow> rows, Map<Integer, ProbeResult> probes,
                                 Map<Integer, Instant> mirrorAbsentSince, Instant now, FtsSettings settings) {
        List<Catalog.Change> changes = new ArrayList<>();
        List<FtsAction> actions = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Map<Integer, Instant> absent = new HashMap<>();
        Duration grace = Duration.ofSeconds(settings.mirrorDownGraceSeconds());

        Map<Integer, List<SegmentRow>> byContent = new TreeMap<>();
        for (SegmentRow r : rows) {
            byContent.computeIfAbsent(r.content(), c -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<Integer, List<SegmentRow>> e : byContent.entrySet()) {
            int content = e.getKey();
            Optional<SegmentRow> primary = e.getValue().stream().filter(SegmentRow::isPrimary).findFirst();
            Optional<SegmentRow> mirror = e.getValue().stream().filter(r -> !r.isPrimary()).findFirst();
            if (primary.isEmpty()) {
                continue;
            }
            SegmentRow p = primary.get();
            ProbeResult probe = probes.get(p.dbid());
            if (probe == null) {
                continue;
            }
            boolean coordinatorSide = content == -1;
            switch (probe.kind()) {
                case UNREACHABLE -> {
                    if (coordinatorSide || mirror.isEmpty()) {
                        log.add(String.format("FTS: cannot reach (content=%d, dbid=%d): %s", content, p.dbid(), probe.error()));
                    } else {
                        SegmentRow m = mirror.get();
                        if (m.isUp() && p.mode() == 's') {
                            changes.add(Catalog.Change.transition(p, p.with('m', 'n', 'd'), history(p.dbid(), content, 'm', 'd', 'n')));
                            changes.add(Catalog.Change.transition(m, m.with('p', 'n', 'u'), history(m.dbid(), content, 'p', 'u', 'n')));
                            actions.add(new FtsAction(FtsAction.Kind.PROMOTE, m.with('p', 'n', 'u')));
                            log.add(String.format("FTS: primary (content=%d, dbid=%d) is down (%s); promoting mirror (dbid=%d)",
                                    content, p.dbid(), probe.error(), m.dbid()));
                        } else {
                            log.add(String.format("FTS: double fault detected: primary (content=%d, dbid=%d) is down and its mirror "
                                    + "(dbid=%d, status=%c, mode=%c) is not in sync; no failover", content, p.dbid(), m.dbid(),
                                    m.status(), p.mode()));
                        }
                    }
                }
                case IN_RECOVERY -> {
                    if (!coordinatorSide) {
                        actions.add(new FtsAction(FtsAction.Kind.PROMOTE, p));
                        log.add(String.format("FTS: (content=%d, dbid=%d) acts as primary in the catalog but is still a "
                                + "mirror; sending PROMOTE", content, p.dbid()));
                    }
                }
                case PRIMARY -> mirror.ifPresent(m -> decidePair(p, m, probe, mirrorAbsentSince, now, grace,
                        changes, actions, log, absent));
            }
        }
        return new Outcome(changes, actions, log, absent);
    }

    private static void decidePair(SegmentRow p, SegmentRow m, ProbeResult probe, Map<Integer, Instant> absentBefore,
                                   Instant now, Duration grace, List<Catalog.Change> changes, List<FtsAction> actions,
                                   List<String> log, Map<Integer, Instant> absent) {
        int content = p.content();
        if (!probe.mirrorConnected()) {
            Instant since = absentBefore.getOrDefault(m.dbid(), now);
            absent.put(m.dbid(), since);
            if (m.isUp() && !Duration.between(since, now).minus(grace).isNegative()) {
                changes.add(Catalog.Change.transition(p, p.with('p', 'n', 'u'), history(p.dbid(), content, 'p', 'u', 'n')));
                changes.add(Catalog.Change.transition(m, m.with('m', 'n', 'd'), history(m.dbid(), content, 'm', 'd', 'n')));
                if (probe.syncRepOn()) {
                    actions.add(new FtsAction(FtsAction.Kind.SYNCREP_OFF, p));
                }
                log.add(String.format("FTS: mirror (content=%d, dbid=%d) not connected to its primary (dbid=%d) for %d s; "
                        + "marking it down and turning synchronous replication off", content, m.dbid(), p.dbid(),
                        Duration.between(since, now).toSeconds()));
            } else if (!m.isUp() && probe.syncRepOn()) {
                actions.add(new FtsAction(FtsAction.Kind.SYNCREP_OFF, p));
            }
            return;
        }
        if (probe.mirrorCaughtUp() && !probe.syncRepOn()) {
            actions.add(new FtsAction(FtsAction.Kind.SYNCREP_ON, p));
            log.add(String.format("FTS: mirror (content=%d, dbid=%d) caught up; turning synchronous replication on at "
                    + "primary (dbid=%d)", content, m.dbid(), p.dbid()));
        }
        char mode = probe.mirrorInSync() ? 's' : 'n';
        if (!m.isUp() || p.mode() != mode || m.mode() != mode) {
            changes.add(Catalog.Change.transition(p, p.with('p', mode, 'u'), history(p.dbid(), content, 'p', 'u', mode)));
            changes.add(Catalog.Change.transition(m, m.with('m', mode, 'u'), history(m.dbid(), content, 'm', 'u', mode)));
            log.add(String.format("FTS: pair content=%d (primary dbid=%d, mirror dbid=%d) is %s", content, p.dbid(),
                    m.dbid(), mode == 's' ? "in sync" : "not in sync (" + probe.walState() + ")"));
        }
    }

    /** Greenplum's history text for a configuration change made by FTS. */
    static String history(int dbid, int content, char role, char status, char mode) {
        return String.format("FTS: update role, status, and mode for dbid %d with contentid %d to %c, %c, and %c",
                dbid, content, role, status, mode);
    }
}
