package io.gpwarden.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An incident as the humans see it: one per key from OPENED to RESOLVED, whatever happened
 * in between (bounces, escalations, updates of the detail). Immutable snapshot; the
 * notification for a transition carries the snapshot taken at that transition.
 *
 * @param id          unique for the life of the installation; receivers dedupe by it
 * @param openedAt    when the condition was first raised (not when it was notified)
 * @param changedAt   when this snapshot was taken
 * @param resolvedAt  when it was resolved, or null while open
 * @param resolution  what ended it (e.g. "segment back up after gprecoverseg"); may be empty
 * @param bounces     how often the condition cleared and came back within the flap window
 */
public record Incident(String id, String key, EventKind kind, Severity severity, Location where,
                       String summary, String detail, String actionTaken, String nextStep,
                       Map<String, String> facts, Instant openedAt, Instant changedAt,
                       Instant resolvedAt, String resolution, int bounces) {

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(changedAt, "changedAt");
        where = where == null ? Location.NOWHERE : where;
        summary = summary == null ? "" : summary;
        detail = detail == null ? "" : detail;
        actionTaken = actionTaken == null ? "" : actionTaken;
        nextStep = nextStep == null ? "" : nextStep;
        resolution = resolution == null ? "" : resolution;
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static Incident open(String id, Event event, Instant now) {
        return new Incident(id, event.key(), event.kind(), event.severity(), event.where(), event.summary(),
                event.detail(), event.actionTaken(), event.nextStep(), event.facts(), now, now, null, "", 0);
    }

    /** Equal in everything a human would see, ignoring when the snapshot was taken. */
    public boolean sameContentAs(Incident other) {
        return other != null && new Incident(id, key, kind, severity, where, summary, detail, actionTaken, nextStep,
                facts, openedAt, other.changedAt, resolvedAt, resolution, bounces).equals(other);
    }

    public boolean isResolved() {
        return resolvedAt != null;
    }

    /** The same incident with the latest observation's text and severity. */
    public Incident updatedBy(Event event, Instant now) {
        return new Incident(id, key, kind, event.severity(), event.where(), event.summary(), event.detail(),
                event.actionTaken().isEmpty() ? actionTaken : event.actionTaken(),
                event.nextStep().isEmpty() ? nextStep : event.nextStep(),
                event.facts().isEmpty() ? facts : event.facts(), openedAt, now, null, resolution, bounces);
    }

    public Incident withBounce(Instant now) {
        return new Incident(id, key, kind, severity, where, summary, detail, actionTaken, nextStep, facts,
                openedAt, now, null, resolution, bounces + 1);
    }

    public Incident resolved(Instant now, String resolutionText) {
        return new Incident(id, key, kind, severity, where, summary, detail, actionTaken, nextStep, facts,
                openedAt, now, now, resolutionText == null ? resolution : resolutionText, bounces);
    }

    public Incident withResolution(String resolutionText, Instant now) {
        return new Incident(id, key, kind, severity, where, summary, detail, actionTaken, nextStep, facts,
                openedAt, now, resolvedAt, resolutionText, bounces);
    }
}
