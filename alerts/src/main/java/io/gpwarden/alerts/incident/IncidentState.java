package io.gpwarden.alerts.incident;

import io.gpwarden.alerts.Incident;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.List;

/**
 * What the engine remembers about one live incident; persisted by the outbox so that a
 * restarted controller continues the same incident instead of opening a second one.
 *
 * @param clearingSince    when the condition last cleared (phase CLEARING), else null
 * @param sequence         number of transitions emitted so far (the next one is sequence + 1)
 * @param notifiedChannels channels that were told about this incident; only they get its
 *                         RESOLVED and DEESCALATED, so every channel sees an opened incident close
 */
public record IncidentState(Incident incident, Phase phase, Instant clearingSince, int sequence,
                            List<String> notifiedChannels) {

    public IncidentState {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(phase, "phase");
        // A list in the order channels were told, without duplicates: follow-ups go out in that order.
        notifiedChannels = List.copyOf(new LinkedHashSet<>(notifiedChannels == null ? List.of() : notifiedChannels));
    }

    public String key() {
        return incident.key();
    }
}
