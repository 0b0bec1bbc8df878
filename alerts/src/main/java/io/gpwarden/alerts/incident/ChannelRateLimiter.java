package io.gpwarden.alerts.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per channel for first contacts (a new incident or notice reaching a channel).
 * Follow-ups of an incident a channel already knows are never limited: a storm may hide new
 * incidents behind a summary, but it must never leave a told incident without its RESOLVED.
 * Not thread-safe; owned by the engine. Time comes from the caller.
 */
public final class ChannelRateLimiter {

    /** Allows {@code burst} first contacts at once, then one per {@code refillEvery}. */
    public record Limit(int burst, Duration refillEvery) {
        public static final Limit UNLIMITED = new Limit(Integer.MAX_VALUE, Duration.ZERO);

        public Limit {
            if (burst < 1) {
                throw new IllegalArgumentException("rate limit burst must be >= 1, got " + burst);
            }
            if (refillEvery.isNegative()) {
                throw new IllegalArgumentException("rate limit refillEvery must not be negative");
            }
        }
    }

    private static final class Bucket {
        double tokens;
        Instant updated;
    }

    private final Limit limit;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public ChannelRateLimiter(Limit limit) {
        this.limit = limit;
    }

    /** Takes a token for the channel if one is available at {@code now}. */
    public boolean tryAcquire(String channel, Instant now) {
        Bucket bucket = refill(channel, now);
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** Whether a token is available at {@code now}, without taking it. */
    public boolean available(String channel, Instant now) {
        return refill(channel, now).tokens >= 1.0;
    }

    private Bucket refill(String channel, Instant now) {
        Bucket bucket = buckets.computeIfAbsent(channel, c -> {
            Bucket b = new Bucket();
            b.tokens = limit.burst();
            b.updated = now;
            return b;
        });
        if (limit.refillEvery().isZero()) {
            bucket.tokens = limit.burst();
        } else if (now.isAfter(bucket.updated)) {
            double earned = (double) Duration.between(bucket.updated, now).toNanos() / limit.refillEvery().toNanos();
            bucket.tokens = Math.min(limit.burst(), bucket.tokens + earned);
        }
        bucket.updated = now.isAfter(bucket.updated) ? now : bucket.updated;
        return bucket;
    }
}
