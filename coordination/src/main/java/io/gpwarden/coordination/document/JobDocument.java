package io.gpwarden.coordination.document;

import java.util.Objects;

/**
 * {@code jobs/<job>}: a submitted job: its job file as submitted (GPSS v2/v3 YAML, unchanged) and
 * the state the operator wants.
 */
public record JobDocument(String spec, Desired desired) {
    /** What {@code job start} and {@code job stop} ask for. */
    public enum Desired { RUNNING, STOPPED }

    public JobDocument {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(desired, "desired");
    }
}
