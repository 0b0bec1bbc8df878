package io.gpwarden.coordination;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers of a lease-bound hold ({@link Leadership}).
 *
 * @param ttl           lease TTL asked of the store
 * @param margin        the holder trusts a renewal sent at t until t + ttl − margin ({@link LeaseDeadline})
 * @param renewalBudget how long one renewal may keep trying (attempts that fail at once, such as a
 *                      member that was just killed, are retried on another member within it); never
 *                      past the deadline. Normally the store's call timeout.
 */
public record LeaseTiming(Duration ttl, Duration margin, Duration renewalBudget) {
    public LeaseTiming {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(renewalBudget, "renewalBudget");
        LeaseDeadline.checkMargin(ttl, margin);
    }
}
