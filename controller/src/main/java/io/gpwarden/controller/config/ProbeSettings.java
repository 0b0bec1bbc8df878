package io.gpwarden.controller.config;

import java.time.Duration;

/**
 * The fast liveness probes of the coordinator, the standby and every primary: one round every
 * {@code interval}; a probe that has not answered within {@code timeout} counts as failed (a
 * frozen server is down, not slow forever); an instance is declared down after
 * {@code confirmations} failed rounds in a row.
 *
 * <p>Invariant (checked by the reader): {@code timeout < interval}, so a round is over before the
 * next is due and probes never pile up behind a frozen server.
 */
public record ProbeSettings(Duration interval, Duration timeout, int confirmations) {

    /** The longest time from a failure to a confirmed "down": one interval to notice, then the confirmations. */
    public Duration worstCaseDetection() {
        return interval.multipliedBy(confirmations).plus(timeout);
    }
}
