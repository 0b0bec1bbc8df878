package io.gpwarden.alerts;

/** Whether an event kind describes a lasting condition or a single happening. */
public enum Lifecycle {
    /** Raised while the condition holds and cleared when it ends: one OPENED, one RESOLVED. */
    CONDITION,
    /** Happens once (a mirror was promoted, a failover completed): one NOTICE, nothing to resolve. */
    NOTICE
}
