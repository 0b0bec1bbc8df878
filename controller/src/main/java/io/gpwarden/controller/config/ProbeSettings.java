package io.gpwarden.controller.config;

import java.time.Duration;

/**
 * The fast liveness probes of the coordinator, the standby and every primary: one round every
 * {@code interval}; a probe that has not answered within {@code timeout} counts as failed (a
 * frozen server is down, not slow forever); an instance is declared down after
 * {@code confirmations} failed rounds in a row. An instance that answers but refuses new sessions
 * (too many connections, starting up, in crash recovery) is never down; once it has refused for
 * {@code confirmations} rounds and at least {@code notServingAfter}, it is "not serving".
 *
 * <p>Invariant (checked by the reader): {@code timeout < interval}, so a round is over before the
 * next is due and probes never pile up behind a frozen server.
 */
public record ProbeSettings(Duration interval, Duration timeout, int confirmations, Duration notServingAfter) {
    /** Long enough for a restart or a short burst of sessions; short enough that users locked out are noticed. */
    public static final Duration DEFAULT_NOT_SERVING_AFTER = Duration.ofSeconds(30);

    public ProbeSettings(Duration interval, Duration timeout, int confirmations) {
        this(interval, timeout, confirmations, DEFAULT_NOT_SERVING_AFTER);
    }

    /** The longest time from a failure to a confirmed "down": one interval to notice, then the confirmations. */
    public Duration worstCaseDetection() {
        return interval.multipliedBy(confirmations).plus(timeout);
    }
}
