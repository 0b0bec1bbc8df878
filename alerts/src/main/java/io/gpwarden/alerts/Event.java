package io.gpwarden.alerts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One observation from the controller: "this condition holds now" (or, for a
 * {@link Lifecycle#NOTICE} kind, "this happened"). The key names the incident: the same key
 * raised again updates the same incident, so it must name the thing, not the moment
 * ({@code segment-down/dbid=3}, {@code disk/sdw3:/data}).
 *
 * @param key         stable identity of the condition; non-blank
 * @param kind        what kind of event
 * @param severity    how urgent
 * @param where       host, dbid/content, port, path
 * @param summary     one line: what happened
 * @param detail      more text (error message, figures); may be empty
 * @param actionTaken what the controller did about it; may be empty
 * @param nextStep    what a human should do next; may be empty
 * @param facts       extra name/value pairs shown in the body (e.g. {@code sqlstate})
 */
public record Event(String key, EventKind kind, Severity severity, Location where, String summary,
                    String detail, String actionTaken, String nextStep, Map<String, String> facts) {

    public Event {
        Objects.requireNonNull(kind, "kind");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("event key must not be blank");
        }
        severity = severity == null ? kind.defaultSeverity() : severity;
        where = where == null ? Location.NOWHERE : where;
        summary = summary == null || summary.isBlank() ? kind.title() : summary;
        detail = detail == null ? "" : detail;
        actionTaken = actionTaken == null ? "" : actionTaken;
        nextStep = nextStep == null ? "" : nextStep;
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static Builder builder(EventKind kind, String key) {
        return new Builder(kind, key);
    }

    /** Fluent construction; fields left unset take the defaults of the canonical constructor. */
    public static final class Builder {
        private final EventKind kind;
        private final String key;
        private Severity severity;
        private Location where;
        private String summary;
        private String detail;
        private String actionTaken;
        private String nextStep;
        private final Map<String, String> facts = new LinkedHashMap<>();

        private Builder(EventKind kind, String key) {
            this.kind = kind;
            this.key = key;
        }

        public Builder severity(Severity value) {
            this.severity = value;
            return this;
        }

        public Builder where(Location value) {
            this.where = value;
            return this;
        }

        public Builder summary(String value) {
            this.summary = value;
            return this;
        }

        public Builder detail(String value) {
            this.detail = value;
            return this;
        }

        public Builder actionTaken(String value) {
            this.actionTaken = value;
            return this;
        }

        public Builder nextStep(String value) {
            this.nextStep = value;
            return this;
        }

        public Builder fact(String name, String value) {
            facts.put(name, value);
            return this;
        }

        public Event build() {
            return new Event(key, kind, severity, where, summary, detail, actionTaken, nextStep, facts);
        }
    }
}
