package io.gpwarden.coordination.document;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code incidents/<key>}: an alert incident, created once with {@code create_revision == 0} so a
 * new leader never opens (and notifies) what the old one already opened; later changes compare on
 * {@code mod_revision}.
 */
public record IncidentDocument(State state, String severity, String summary, Instant openedAt, Instant resolvedAt,
                               long leaderEpoch) {
    /** Whether the incident is still open. */
    public enum State { OPEN, RESOLVED }

    public IncidentDocument {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(summary, "summary");
    }
}
