package io.gpwarden.coordination;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers of a lease-bound hold ({@link Leadership}).
 *
 * @param ttl           lease TTL asked of the store
 * @param margin        the holder trusts a renewal sent at t until t + ttl − margin ({@link LeaseDeadline})
 * @param renewalBudget how long one renewal may keep trying after failed attempts (a member just
 *                      killed, an etcd leader election); never past the deadline. {@code ttl − margin}
 *                      means "until the deadline", which is what {@code EtcdSettings} gives.
 */
public record LeaseTiming(Duration ttl, Duration margin, Duration renewalBudget) {
    public LeaseTiming {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(renewalBudget, "renewalBudget");
        LeaseDeadline.checkMargin(ttl, margin);
    }
}
