package io.gpwarden.alerts.config;

import java.time.Duration;

/**
 * How delivery retries. Backoff doubles from {@code initialBackoff} up to {@code maxBackoff},
 * each wait spread by ±{@code jitter} so channels do not retry in lockstep. After
 * {@code breakerFailures} consecutive failures a channel's circuit breaker opens for
 * {@code breakerOpenFor} (Greenplum's gp_email_connect_failures / gp_email_connect_avoid_duration):
 * no attempt at all in that time, then one trial. A configuration error (bad password, bad
 * USM keys) waits at least {@code configErrorBackoff} between attempts.
 */
public record DeliveryPolicy(Duration initialBackoff, Duration maxBackoff, double jitter, int breakerFailures,
                             Duration breakerOpenFor, Duration configErrorBackoff) {

    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5),
            0.2, 5, Duration.ofMinutes(1), Duration.ofMinutes(5));

    public DeliveryPolicy {
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("delivery.initialBackoff must be positive");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("delivery.maxBackoff must be >= initialBackoff");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("delivery.jitter must be in [0, 1), got " + jitter);
        }
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("delivery.breakerFailures must be >= 1");
        }
        if (breakerOpenFor.isNegative() || configErrorBackoff.isNegative()) {
            throw new IllegalArgumentException("delivery durations must not be negative");
        }
    }
}
