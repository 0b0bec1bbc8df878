package io.gpwarden.alerts.incident;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing rules that turn noisy observations into calm incidents.
 *
 * @param openDelay    a condition must hold this long before the incident opens (0: open on
 *                     the first observation); a shorter blip is forgotten without a word
 * @param flapWindow   a cleared condition must stay clear this long before RESOLVED is sent;
 *                     coming back within it is a bounce of the same incident, not a new one
 * @param minOpen      an incident is never resolved sooner than this after it opened
 * @param noticeDedupe a one-shot notice with the same key within this window is dropped
 *                     (Greenplum's own alerting used 30 s for identical alerts)
 */
public record IncidentPolicy(Duration openDelay, Duration flapWindow, Duration minOpen, Duration noticeDedupe) {

    public static final IncidentPolicy DEFAULT =
            new IncidentPolicy(Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(30));

    public IncidentPolicy {
        requireNonNegative(openDelay, "openDelay");
        requireNonNegative(flapWindow, "flapWindow");
        requireNonNegative(minOpen, "minOpen");
        requireNonNegative(noticeDedupe, "noticeDedupe");
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
