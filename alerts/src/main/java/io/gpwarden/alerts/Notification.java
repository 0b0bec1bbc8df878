package io.gpwarden.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * One message to deliver: an incident transition for one channel. The id is deterministic
 * ({@code <incident id>/<sequence>/<channel>}), so a store can accept it "create once": the
 * same transition enqueued twice (a replay, a second controller) is the same entry.
 *
 * @param sequence 1 for the incident's first transition, then 2, 3... in order
 */
public record Notification(String id, String channel, Transition transition, int sequence,
                           Incident incident, Instant createdAt) {

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static Notification of(String channel, Transition transition, int sequence, Incident incident,
                                  Instant createdAt) {
        return new Notification(idOf(incident.id(), sequence, channel), channel, transition, sequence, incident,
                createdAt);
    }

    public static String idOf(String incidentId, int sequence, String channel) {
        return incidentId + "/" + sequence + "/" + channel;
    }
}
