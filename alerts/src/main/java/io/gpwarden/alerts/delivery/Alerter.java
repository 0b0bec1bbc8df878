package io.gpwarden.alerts.delivery;

import io.gpwarden.alerts.Notification;

/**
 * Sends one notification over one channel's technology (SNMP, SMTP).
 *
 * <p>Contract: {@link #deliver} blocks until the receiver accepted the notification (an
 * acknowledged INFORM, an SMTP 250 for the message) or, for fire-and-forget transports (SNMP
 * TRAP), until it was handed to the network; it returns a receipt saying which. It is bounded
 * by the channel's timeouts, never waits forever, and is only called from delivery threads,
 * never from the controller's probe loop. On failure it throws a {@link DeliveryException}
 * classified as transient, configuration or permanent; messages never contain secrets.
 * It is called by one thread at a time per channel.
 */
public interface Alerter extends AutoCloseable {

    /** The channel this alerter serves. */
    String channel();

    DeliveryReceipt deliver(Notification notification) throws DeliveryException;

    @Override
    default void close() {
    }
}
