package io.gpwarden.alerts;

/**
 * How urgently a human must act. Ordered: a later constant is more severe, so
 * {@code compareTo} decides escalation. The numeric code is the value of the
 * {@code gpwardenSeverity} varbind (GPWARDEN-MIB {@code GpwardenSeverity}).
 */
public enum Severity {
    /** Nothing is broken; something worth knowing happened (a test, an action done). */
    INFO(1),
    /** Redundancy or headroom is reduced; act within hours. */
    WARNING(2),
    /** Data or service is at risk now; act now. */
    CRITICAL(3);

    private final int code;

    Severity(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
