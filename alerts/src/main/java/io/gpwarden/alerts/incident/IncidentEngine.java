package io.gpwarden.alerts.incident;

import io.gpwarden.alerts.Event;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Incident;
import io.gpwarden.alerts.Lifecycle;
import io.gpwarden.alerts.Location;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns observations into incidents: pure decision logic, no I/O, time from the injected clock.
 *
 * <p>Per key the life is PENDING → OPEN ⇄ CLEARING → RESOLVED (see {@link Phase}):
 * <ol>
 *   <li>{@link #raise}: an unknown key becomes PENDING; once it has held for {@code openDelay}
 *       it becomes OPEN and OPENED goes to the routed channels. A raise with a higher severity
 *       on an open incident sends ESCALATED (a lower one DEESCALATED) instead of a new incident.</li>
 *   <li>{@link #clear}: OPEN becomes CLEARING. A raise while CLEARING is a bounce: back to OPEN,
 *       counted, nothing sent. So a segment bouncing every few seconds is one incident.</li>
 *   <li>{@link #tick}: CLEARING becomes RESOLVED once clear for {@code flapWindow} and open for
 *       {@code minOpen}; RESOLVED goes to exactly the channels that were told about the incident.</li>
 * </ol>
 * Invariants: per incident and channel at most one OPENED (first contact) and one RESOLVED, in
 * that order; sequences strictly increase; a NOTICE kind never creates a live incident.
 * First contacts are rate-limited per channel; suppressed ones are summed up in one
 * NOTIFICATIONS_SUPPRESSED notice when the channel has a token again.
 * Not thread-safe: the owner serializes calls.
 */
public final class IncidentEngine {

    private final Function<EventKind, IncidentPolicy> policies;
    private final Router router;
    private final ChannelRateLimiter limiter;
    private final Supplier<String> newIncidentId;
    private final Clock clock;
    private final Map<String, IncidentState> live = new LinkedHashMap<>();
    private final Map<String, Instant> lastNotice = new HashMap<>();
    private final java.time.Duration longestNoticeDedupe;
    /** Per channel: first contacts held back by the rate limit (up to 50 described, all counted). */
    private final Map<String, Suppressed> suppressed = new LinkedHashMap<>();

    private static final class Suppressed {
        final List<String> described = new ArrayList<>();
        int count;
    }

    public IncidentEngine(Function<EventKind, IncidentPolicy> policies, Router router, ChannelRateLimiter limiter,
                          Supplier<String> newIncidentId, Clock clock, Collection<IncidentState> restored) {
        this.policies = policies;
        this.router = router;
        this.limiter = limiter;
        this.newIncidentId = newIncidentId;
        this.clock = clock;
        this.longestNoticeDedupe = java.util.Arrays.stream(EventKind.values())
                .map(k -> policies.apply(k).noticeDedupe()).max(java.time.Duration::compareTo).orElseThrow();
        for (IncidentState state : restored) {
            if (state.phase() != Phase.RESOLVED) {
                live.put(state.key(), state);
            }
        }
    }

    /** The condition named by the event's key holds now (or, for a notice kind, happened now). */
    public Decision raise(Event event) {
        Instant now = clock.instant();
        if (event.kind().lifecycle() == Lifecycle.NOTICE) {
            return notice(event, now);
        }
        IncidentState state = live.get(event.key());
        if (state == null) {
            Incident incident = Incident.open(newIncidentId.get(), event, now);
            IncidentState pending = new IncidentState(incident, Phase.PENDING, null, 0, List.of());
            live.put(event.key(), pending);
            Steps steps = new Steps();
            if (!policy(event.kind()).openDelay().isZero()) {
                steps.save(pending);
                return steps.decision();
            }
            open(pending, now, steps);
            return steps.decision();
        }
        Steps steps = new Steps();
        Severity before = state.incident().severity();
        switch (state.phase()) {
            case PENDING -> {
                Incident incident = state.incident().updatedBy(event, now);
                boolean changed = !incident.sameContentAs(state.incident());
                IncidentState updated = new IncidentState(changed ? incident : state.incident(), Phase.PENDING,
                        null, state.sequence(), state.notifiedChannels());
                live.put(event.key(), updated);
                if (!opensAt(updated).isAfter(now)) {
                    open(updated, now, steps);
                } else if (changed) {
                    steps.save(updated);
                }
            }
            case OPEN, CLEARING -> {
                Incident incident = state.incident().updatedBy(event, now);
                if (state.phase() == Phase.OPEN && incident.sameContentAs(state.incident())) {
                    // The condition still holds as it did: nothing to tell, nothing to write.
                    return Decision.NONE;
                }
                if (state.phase() == Phase.CLEARING) {
                    incident = incident.withBounce(now);
                }
                IncidentState updated = new IncidentState(incident, Phase.OPEN, null, state.sequence(),
                        state.notifiedChannels());
                if (event.severity().compareTo(before) > 0) {
                    updated = escalate(updated, now, steps);
                } else if (event.severity().compareTo(before) < 0) {
                    updated = followUp(updated, Transition.DEESCALATED, now, steps);
                }
                live.put(event.key(), updated);
                steps.save(updated);
            }
            case RESOLVED -> throw new IllegalStateException("resolved incident kept live: " + state.key());
        }
        return steps.decision();
    }

    /**
     * The condition named by {@code key} no longer holds. Unknown keys are ignored, so the
     * controller may clear every healthy thing on every tick.
     *
     * @param resolution what ended it, shown in the RESOLVED notification; may be empty
     */
    public Decision clear(String key, String resolution) {
        Instant now = clock.instant();
        IncidentState state = live.get(key);
        if (state == null) {
            return Decision.NONE;
        }
        Steps steps = new Steps();
        switch (state.phase()) {
            case PENDING -> {
                live.remove(key);
                steps.forget(key);
            }
            case OPEN -> {
                Incident incident = resolution == null || resolution.isEmpty()
                        ? state.incident() : state.incident().withResolution(resolution, now);
                IncidentState clearing = new IncidentState(incident, Phase.CLEARING, now, state.sequence(),
                        state.notifiedChannels());
                live.put(key, clearing);
                if (!resolveIfDue(clearing, now, steps)) {
                    steps.save(clearing);
                }
            }
            case CLEARING -> {
                if (resolution != null && !resolution.isEmpty()
                        && !resolution.equals(state.incident().resolution())) {
                    IncidentState updated = new IncidentState(state.incident().withResolution(resolution, now),
                            Phase.CLEARING, state.clearingSince(), state.sequence(), state.notifiedChannels());
                    live.put(key, updated);
                    steps.save(updated);
                }
            }
            case RESOLVED -> throw new IllegalStateException("resolved incident kept live: " + key);
        }
        return steps.decision();
    }

    /** Lets time pass: opens pending incidents, resolves quiet ones, sends storm summaries. */
    public Decision tick() {
        Instant now = clock.instant();
        Steps steps = new Steps();
        for (IncidentState state : List.copyOf(live.values())) {
            if (state.phase() == Phase.PENDING && !opensAt(state).isAfter(now)) {
                open(state, now, steps);
            } else if (state.phase() == Phase.CLEARING) {
                resolveIfDue(state, now, steps);
            }
        }
        summarizeSuppressed(now, steps);
        return steps.decision();
    }

    /** Live (not yet resolved) incidents, in the order they were first raised. */
    public List<IncidentState> live() {
        return List.copyOf(live.values());
    }

    private void open(IncidentState pending, Instant now, Steps steps) {
        Incident incident = pending.incident();
        IncidentState opened = deliverFirstContacts(
                new IncidentState(incident, Phase.OPEN, null, pending.sequence() + 1, pending.notifiedChannels()),
                Transition.OPENED, router.channelsFor(incident.kind(), incident.severity()), now, steps);
        live.put(incident.key(), opened);
        steps.save(opened);
    }

    private IncidentState escalate(IncidentState state, Instant now, Steps steps) {
        IncidentState next = new IncidentState(state.incident(), state.phase(), state.clearingSince(),
                state.sequence() + 1, state.notifiedChannels());
        for (String channel : state.notifiedChannels()) {
            steps.notify(Notification.of(channel, Transition.ESCALATED, next.sequence(), next.incident(), now));
        }
        List<String> newcomers = new ArrayList<>(router.channelsFor(state.incident().kind(),
                state.incident().severity()));
        newcomers.removeAll(state.notifiedChannels());
        return deliverFirstContacts(next, Transition.ESCALATED, newcomers, now, steps);
    }

    private IncidentState followUp(IncidentState state, Transition transition, Instant now, Steps steps) {
        if (state.notifiedChannels().isEmpty()) {
            return state;
        }
        IncidentState next = new IncidentState(state.incident(), state.phase(), state.clearingSince(),
                state.sequence() + 1, state.notifiedChannels());
        for (String channel : state.notifiedChannels()) {
            steps.notify(Notification.of(channel, transition, next.sequence(), next.incident(), now));
        }
        return next;
    }

    /** Sends to channels that have not heard of the incident yet, within their rate limits. */
    private IncidentState deliverFirstContacts(IncidentState state, Transition transition, List<String> channels,
                                               Instant now, Steps steps) {
        Set<String> notified = new LinkedHashSet<>(state.notifiedChannels());
        for (String channel : channels) {
            if (notified.contains(channel)) {
                continue;
            }
            if (limiter.tryAcquire(channel, now)) {
                steps.notify(Notification.of(channel, transition, state.sequence(), state.incident(), now));
                notified.add(channel);
            } else {
                Suppressed held = suppressed.computeIfAbsent(channel, c -> new Suppressed());
                held.count++;
                if (held.described.size() < 50) {
                    held.described.add(describe(state.incident()));
                }
            }
        }
        return new IncidentState(state.incident(), state.phase(), state.clearingSince(), state.sequence(),
                List.copyOf(notified));
    }

    private boolean resolveIfDue(IncidentState state, Instant now, Steps steps) {
        IncidentPolicy policy = policy(state.incident().kind());
        Instant quietUntil = state.clearingSince().plus(policy.flapWindow());
        Instant openUntil = state.incident().openedAt().plus(policy.minOpen());
        if (quietUntil.isAfter(now) || openUntil.isAfter(now)) {
            return false;
        }
        Incident resolved = state.incident().resolved(now, null);
        IncidentState done = new IncidentState(resolved, Phase.RESOLVED, state.clearingSince(),
                state.sequence() + 1, state.notifiedChannels());
        for (String channel : state.notifiedChannels()) {
            steps.notify(Notification.of(channel, Transition.RESOLVED, done.sequence(), resolved, now));
        }
        live.remove(state.key());
        steps.forget(state.key());
        return true;
    }

    private Decision notice(Event event, Instant now) {
        // Forget notices older than their window, so unique keys do not pile up forever.
        lastNotice.values().removeIf(at -> !now.isBefore(at.plus(longestNoticeDedupe)));
        Instant last = lastNotice.get(event.key());
        if (last != null && now.isBefore(last.plus(policy(event.kind()).noticeDedupe()))) {
            return Decision.NONE;
        }
        lastNotice.put(event.key(), now);
        Incident incident = Incident.open(newIncidentId.get(), event, now);
        Steps steps = new Steps();
        deliverFirstContacts(new IncidentState(incident, Phase.OPEN, null, 1, List.of()), Transition.NOTICE,
                router.channelsFor(event.kind(), event.severity()), now, steps);
        return steps.decision();
    }

    private void summarizeSuppressed(Instant now, Steps steps) {
        for (var it = suppressed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Suppressed> entry = it.next();
            String channel = entry.getKey();
            if (!limiter.tryAcquire(channel, now)) {
                continue;
            }
            Suppressed held = entry.getValue();
            it.remove();
            Event summary = Event.builder(EventKind.NOTIFICATIONS_SUPPRESSED, "suppressed/" + channel)
                    .where(Location.NOWHERE)
                    .summary(held.count + " notification(s) to channel " + channel + " suppressed by its rate limit")
                    .detail(String.join("\n", held.described)
                            + (held.count > held.described.size()
                            ? "\n... and " + (held.count - held.described.size()) + " more" : ""))
                    .nextStep("Look at the open incidents (gpwarden status); raise the channel's rate limit if"
                            + " storms of this size are expected.")
                    .build();
            Incident incident = Incident.open(newIncidentId.get(), summary, now);
            steps.notify(Notification.of(channel, Transition.NOTICE, 1, incident, now));
        }
    }

    private static String describe(Incident incident) {
        String where = incident.where().describe();
        return incident.severity() + " " + incident.kind().title() + (where.isEmpty() ? "" : " at " + where)
                + ": " + incident.summary() + " (" + incident.id() + ")";
    }

    private Instant opensAt(IncidentState state) {
        return state.incident().openedAt().plus(policy(state.incident().kind()).openDelay());
    }

    private IncidentPolicy policy(EventKind kind) {
        return policies.apply(kind);
    }

    /** Collects one step's outcome; the last saved state of a key wins. */
    private static final class Steps {
        private final Map<String, IncidentState> saved = new LinkedHashMap<>();
        private final List<String> forgotten = new ArrayList<>();
        private final List<Notification> notifications = new ArrayList<>();

        void save(IncidentState state) {
            forgotten.remove(state.key());
            saved.put(state.key(), state);
        }

        void forget(String key) {
            saved.remove(key);
            if (!forgotten.contains(key)) {
                forgotten.add(key);
            }
        }

        void notify(Notification notification) {
            notifications.add(notification);
        }

        Decision decision() {
            return new Decision(List.copyOf(saved.values()), forgotten, notifications);
        }
    }
}
