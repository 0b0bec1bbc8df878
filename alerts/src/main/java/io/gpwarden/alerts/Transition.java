package io.gpwarden.alerts;

/**
 * A change of an incident that is worth telling a human about. Each incident sends at most
 * one OPENED and one RESOLVED per channel; ESCALATED/DEESCALATED only on a severity change.
 * The code is the {@code gpwardenTransition} varbind value (GPWARDEN-MIB {@code GpwardenTransition}).
 */
public enum Transition {
    OPENED(1),
    ESCALATED(2),
    DEESCALATED(3),
    RESOLVED(4),
    NOTICE(5);

    private final int code;

    Transition(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
