package io.gpwarden.controller.decide;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.config.StandbyPolicy;
import io.gpwarden.controller.observe.Observation;
import io.gpwarden.controller.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decide step of a tick: {@code (memory, observation) → decision}, a pure function. No I/O,
 * no clock but the observation's, no randomness; the same inputs give the same decision, which is
 * what the unit tests assert, sentence included.
 *
 * <p>Steps, in order:
 * <ol>
 *   <li>update each instance's probe streak with this round's result;</li>
 *   <li>derive the conditions that hold now, per source: probes always (they ran this tick); the
 *       catalog and the disk table only when their latest read succeeded — otherwise their
 *       conditions from the last tick are kept, because a reading we could not take is not a
 *       recovery; each host's SSH verdict likewise only once a contact with it ended;</li>
 *   <li>merge by key (a probe's verdict on an instance wins over the catalog's, being newer) and
 *       keep each condition's first {@code since};</li>
 *   <li>diff against the last tick: raised (new), changed (in severity or summary) and cleared;
 *       note promotions seen since the last catalog snapshot;</li>
 *   <li>ask for an FTS probe scan when our probe has just confirmed a primary down;</li>
 *   <li>sum up: one health word and one sentence.</li>
 * </ol>
 * Invariant: a condition is cleared only by a fresh reading of its source (or, for probe
 * conditions, by a probe round) that no longer shows it.
 */
public final class HealthDecider {
    /** The incident kinds this decision raises and clears (notices aside). */
    public static final Set<EventKind> CONDITION_KINDS = Set.copyOf(EnumSet.of(EventKind.SEGMENT_DOWN,
            EventKind.PAIR_NOT_IN_SYNC, EventKind.NOT_PREFERRED_ROLE, EventKind.COORDINATOR_UNREACHABLE,
            EventKind.STANDBY_NOT_STREAMING, EventKind.STANDBY_LAGGING, EventKind.DISK_USAGE, EventKind.DISK_FORECAST,
            EventKind.CONFIGURATION_ERROR, EventKind.HOST_UNREACHABLE, EventKind.HOST_KEY_REJECTED,
            EventKind.INSTANCE_NOT_SERVING));

    private final String cluster;
    private final int confirmations;
    private final Duration notServingAfter;
    private final StandbyPolicy standby;
    private final boolean standbyConfigured;
    private final DiskVerdicts disk;

    public HealthDecider(String cluster, int confirmations, Duration notServingAfter, StandbyPolicy standby,
                         boolean standbyConfigured, DiskVerdicts disk) {
        this.cluster = cluster;
        this.confirmations = confirmations;
        this.notServingAfter = notServingAfter;
        this.standby = standby;
        this.standbyConfigured = standbyConfigured;
        this.disk = disk;
    }

    public Decision decide(HealthMemory memory, Observation obs) {
        Map<String, ProbeStreak> streaks = new LinkedHashMap<>();
        for (Map.Entry<String, ProbeResult> e : obs.probes().entrySet()) {
            streaks.put(e.getKey(), ProbeStreak.after(memory.streaks().get(e.getKey()), e.getValue()));
        }

        List<Condition> found = new ArrayList<>(ProbeVerdicts.conditions(streaks, confirmations, notServingAfter, obs.at()));
        Optional<CatalogSnapshot> catalog = obs.catalog().fresh();
        List<Condition> notices = List.of();
        if (catalog.isPresent()) {
            found.addAll(CatalogVerdicts.conditions(catalog.get(), memory.lastCatalog(), standby, standbyConfigured));
            boolean newSnapshot = memory.lastCatalog().map(c -> !c.readAt().equals(catalog.get().readAt())).orElse(true);
            if (newSnapshot) {
                notices = CatalogVerdicts.promotions(catalog.get(), memory.lastCatalog());
            }
        } else {
            found.addAll(carried(memory, Source.CATALOG));
        }
        DiskVerdicts.Outcome diskOutcome = disk.assess(memory.disks(), obs.disk());
        if (diskOutcome.fresh()) {
            found.addAll(diskOutcome.conditions());
        } else {
            found.addAll(carried(memory, Source.DISK));
        }
        found.addAll(HostVerdicts.conditions(obs.disk().hosts(), memory.active(), obs.at()));

        Map<String, Condition> active = new LinkedHashMap<>();
        for (Condition c : found) {
            Condition previous = memory.active().get(c.key());
            Condition kept = previous != null && previous.since().isBefore(c.since()) ? c.since(previous.since()) : c;
            active.putIfAbsent(c.key(), kept);
        }

        List<Condition> raised = new ArrayList<>();
        List<Condition> changed = new ArrayList<>();
        List<ControllerAction> actions = new ArrayList<>();
        for (Condition c : active.values()) {
            Condition previous = memory.active().get(c.key());
            if (previous == null) {
                raised.add(c);
            } else if (previous.differsForHumans(c)) {
                changed.add(c);
            }
            if (previous == null && c.kind() == EventKind.SEGMENT_DOWN && c.source() == Source.PROBE) {
                actions.add(new ControllerAction.RequestFtsProbe(c.summary()));
            }
        }
        List<Decision.Cleared> cleared = new ArrayList<>();
        for (Condition previous : memory.active().values()) {
            if (!active.containsKey(previous.key())) {
                cleared.add(new Decision.Cleared(previous, Resolutions.of(previous)));
            }
        }

        List<Condition> sorted = active.values().stream()
                .sorted(Comparator.comparing(Condition::severity).reversed().thenComparing(Condition::key))
                .toList();
        ClusterHealth health = health(sorted, obs);
        HealthMemory next = new HealthMemory(streaks, active,
                catalog.isPresent() ? catalog : memory.lastCatalog(), diskOutcome.memory());
        String sentence = TickSentence.of(cluster, health, sorted, raised, cleared, notices, streaks, confirmations, obs);
        return new Decision(next, health, sorted, raised, changed, cleared, notices, actions, sentence);
    }

    private static List<Condition> carried(HealthMemory memory, Source source) {
        return memory.active().values().stream().filter(c -> c.source() == source).toList();
    }

    private static ClusterHealth health(List<Condition> active, Observation obs) {
        if (active.stream().anyMatch(c -> c.kind() == EventKind.COORDINATOR_UNREACHABLE)) {
            return ClusterHealth.UNREACHABLE;
        }
        if (!active.isEmpty()) {
            return ClusterHealth.DEGRADED;
        }
        return obs.catalog().fresh().isPresent() ? ClusterHealth.HEALTHY : ClusterHealth.UNKNOWN;
    }
}
