package io.gpwarden.alerts.delivery;

import java.time.Instant;

/**
 * A channel's delivery health, for status pages and metrics.
 *
 * @param state               HEALTHY, RETRYING (failing, breaker closed) or BREAKER_OPEN
 * @param consecutiveFailures failed attempts since the last success
 * @param lastError           message of the last failure (no secrets), or empty
 * @param lastErrorKind       kind of the last failure, or null
 * @param queued              notifications waiting for this channel
 * @param delivered           delivered since start
 * @param failed              given up since start
 * @param breakerOpenUntil    when the breaker lets a trial through, or null
 */
public record ChannelStatus(String channel, State state, int consecutiveFailures, String lastError,
                            DeliveryException.Kind lastErrorKind, int queued, long delivered, long failed,
                            Instant lastDeliveredAt, Instant breakerOpenUntil) {

    public enum State { HEALTHY, RETRYING, BREAKER_OPEN }

    public boolean isFailing() {
        return state != State.HEALTHY;
    }
}
