package io.gpwarden.coordination;

import java.time.Duration;

/**
 * Until when the holder of a lease may act on it, on its own monotonic clock.
 *
 * <p>The rule: a lease granted or renewed by a request <em>sent</em> at {@code t} with a granted TTL
 * {@code ttl} is trusted until {@code t + ttl − margin}. The server starts its TTL when the request
 * arrives, which is after {@code t}, so the server-side expiry (the moment another process can take
 * the key) is never earlier than {@code t + ttl}; the margin keeps the holder's deadline strictly
 * before it, covering clock-rate differences and the time one guarded action takes after its
 * check. Passing the deadline, like a failed renewal, means "lost" at once, whatever a later read
 * says.
 */
public final class LeaseDeadline {
    private LeaseDeadline() {
    }

    /** The deadline, in {@link Ticker} nanoseconds, for a renewal sent at {@code sentAtNanos}. */
    public static long of(long sentAtNanos, Duration grantedTtl, Duration margin) {
        return sentAtNanos + grantedTtl.toNanos() - margin.toNanos();
    }

    /** Checks that a margin leaves a usable window: {@code 0 ≤ margin < ttl}. */
    public static void checkMargin(Duration ttl, Duration margin) {
        if (margin.isNegative() || margin.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("the renewal margin (" + margin.toMillis()
                    + " ms) must be at least 0 and below the lease TTL (" + ttl.toMillis() + " ms)");
        }
    }
}
