package io.gpwarden.agent.pipeline;

import java.time.Duration;

/**
 * Exponential backoff between attempts: {@code first}, doubling up to {@code max}. Credential
 * errors start at {@code credentialsFloor} so a wrong password is never retried in a tight loop.
 * Pure value; the caller counts the attempts.
 */
public record Backoff(Duration first, Duration max, Duration credentialsFloor) {

    public Duration delay(int failures, boolean credentials) {
        long base = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        long d = Math.min(base, max.toMillis());
        if (credentials) {
            d = Math.max(d, credentialsFloor.toMillis());
        }
        return Duration.ofMillis(d);
    }
}
