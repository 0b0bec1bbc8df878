package io.gpwarden.coordination.document;

import java.util.Objects;

/**
 * {@code jobs/<job>/status}: what the job is doing, written by its owner.
 *
 * @param state GPSS's job states, with GPSS's meaning
 * @param lastError the last error message, or null
 */
public record JobStatusDocument(State state, String agent, long rows, long lag, String lastError) {
    /** GPSS job states. */
    public enum State { SUBMITTED, RUNNING, STOPPED, ERROR, SUCCESS }

    public JobStatusDocument {
        Objects.requireNonNull(state, "state");
    }
}
