package io.gpwarden.controller.status;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest {@link ClusterStatus}, published by the tick and read by the HTTP endpoint. A reader
 * sees one whole status or the previous one, never a mix. Thread-safe.
 */
public final class StatusBoard {
    private final AtomicReference<ClusterStatus> current = new AtomicReference<>();

    public void publish(ClusterStatus status) {
        current.set(status);
    }

    public Optional<ClusterStatus> current() {
        return Optional.ofNullable(current.get());
    }
}
