package io.gpwarden.controller.probe;

import io.gpwarden.controller.jdbc.Reachability;
import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one probe of one instance. Immutable.
 *
 * @param at        when the probe started, by the controller's clock
 * @param latency   connect + {@code SELECT 1}, or the time until it was given up
 * @param detail    the server's or driver's message (never a secret), empty when up
 * @param sqlState  the SQLSTATE of the failure, empty when up or not known
 */
public record ProbeResult(ProbeTarget target, Reachability reachability, Instant at, Duration latency,
                          String detail, String sqlState) {

    public static ProbeResult up(ProbeTarget target, Instant at, Duration latency) {
        return new ProbeResult(target, Reachability.UP, at, latency, "", "");
    }

    public boolean isUp() {
        return reachability == Reachability.UP;
    }
}
