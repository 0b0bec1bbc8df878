package io.gpwarden.coordination.document;

import java.util.Objects;

/**
 * {@code coordinator}: where the Greenplum coordinator is and whether it is being failed over.
 * Written by the controller leader with a compare on what it read; agents follow it.
 *
 * @param epoch the failover epoch also written into the database; agents ignore lower ones
 */
public record CoordinatorDocument(long epoch, String host, String address, int port, Phase phase) {
    /** The coordinator's phase as agents see it. */
    public enum Phase {
        /** Accepting writes: load. */
        ACTIVE,
        /** A failover is under way: stop starting batches, roll back the one in flight, acknowledge. */
        FAILING_OVER,
        /** The new coordinator is ready: reconnect, check its epoch, re-read offsets, resume. */
        REROUTE
    }

    public CoordinatorDocument {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(phase, "phase");
    }
}
