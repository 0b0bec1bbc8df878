package io.gpwarden.controller.decide;

import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.EventKind;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something wrong with the cluster that holds now (or, for a notice kind such as {@link EventKind#MIRROR_PROMOTED},
 * that just happened), with everything a human needs: what, where, since when, what the
 * controller did, and what to do next. Immutable.
 *
 * @param key        names the thing, not the moment ({@code segment-down/dbid=3}): the same key
 *                   tick after tick is the same incident
 * @param since      when it was first observed (the first failed probe, the first catalog read
 *                   showing it)
 * @param host       where, when it applies; likewise dbid, content, port, path
 * @param facts      figures shown in the body (lag bytes, SQLSTATE, used %)
 */
public record Condition(String key, EventKind kind, Severity severity, Source source, Instant since,
                        String host, Integer dbid, Integer content, Integer port, String path,
                        String summary, String detail, String actionTaken, String nextStep,
                        Map<String, String> facts) {

    public Condition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(since, "since");
        summary = summary == null ? "" : summary;
        detail = detail == null ? "" : detail;
        actionTaken = actionTaken == null ? "" : actionTaken;
        nextStep = nextStep == null ? "" : nextStep;
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static Builder builder(EventKind kind, String key, Source source, Instant since) {
        return new Builder(kind, key, source, since);
    }

    /** The same condition first seen earlier: keeps the older {@code since}. */
    public Condition since(Instant earlier) {
        return new Condition(key, kind, severity, source, earlier, host, dbid, content, port, path, summary, detail,
                actionTaken, nextStep, facts);
    }

    /** Whether a human would be told something new: another severity or another summary. */
    public boolean differsForHumans(Condition other) {
        return severity != other.severity || !summary.equals(other.summary);
    }

    /** Fluent construction for the decision code, which sets a handful of fields per condition. */
    public static final class Builder {
        private final EventKind kind;
        private final String key;
        private final Source source;
        private final Instant since;
        private Severity severity = Severity.WARNING;
        private String host;
        private Integer dbid;
        private Integer content;
        private Integer port;
        private String path;
        private String summary;
        private String detail;
        private String actionTaken;
        private String nextStep;
        private final java.util.LinkedHashMap<String, String> facts = new java.util.LinkedHashMap<>();

        private Builder(EventKind kind, String key, Source source, Instant since) {
            this.kind = kind;
            this.key = key;
            this.source = source;
            this.since = since;
        }

        public Builder severity(Severity value) {
            severity = value;
            return this;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder segment(int dbidValue, int contentValue, int portValue) {
            dbid = dbidValue;
            content = contentValue;
            port = portValue;
            return this;
        }

        public Builder content(int value) {
            content = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder path(String value) {
            path = value;
            return this;
        }

        public Builder summary(String value) {
            summary = value;
            return this;
        }

        public Builder detail(String value) {
            detail = value;
            return this;
        }

        public Builder actionTaken(String value) {
            actionTaken = value;
            return this;
        }

        public Builder nextStep(String value) {
            nextStep = value;
            return this;
        }

        public Builder fact(String name, Object value) {
            facts.put(name, String.valueOf(value));
            return this;
        }

        public Condition build() {
            return new Condition(key, kind, severity, source, since, host, dbid, content, port, path, summary, detail,
                    actionTaken, nextStep, facts);
        }
    }
}
