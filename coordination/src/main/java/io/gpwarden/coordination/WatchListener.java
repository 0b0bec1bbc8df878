package io.gpwarden.coordination;

/**
 * Receives a watch's events, one at a time and in revision order, on the watch's own thread. An
 * exception thrown here is logged and the watch goes on with the next event.
 */
@FunctionalInterface
public interface WatchListener {
    void onEvent(WatchEvent event);
}
