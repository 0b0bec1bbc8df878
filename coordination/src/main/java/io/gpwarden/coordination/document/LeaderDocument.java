package io.gpwarden.coordination.document;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code controller/leader}: who leads. Lease-bound; the key's {@code create_revision} is the
 * leader's epoch. {@code since} is wall-clock time for people to read, never used in a decision.
 *
 * @param controller the controller's id (host name by default)
 * @param statusUrl where the leader serves {@code /status}, or null
 */
public record LeaderDocument(String controller, String host, String version, String statusUrl, Instant since) {
    public LeaderDocument {
        Objects.requireNonNull(controller, "controller");
    }
}
