package io.gpwarden.alerts.delivery;

/** Told when a channel starts failing or recovers; called from that channel's delivery thread. */
@FunctionalInterface
public interface DeliveryListener {
    void channelChanged(ChannelStatus status);

    DeliveryListener NONE = status -> { };
}
