package io.gpwarden.alerts.incident;

/** Where an incident is in its life. No phase leads back to PENDING; RESOLVED is final. */
public enum Phase {
    /** Raised, but not for {@code openDelay} yet: nobody has been told. */
    PENDING,
    /** Told; the condition holds. */
    OPEN,
    /** Told; the condition cleared and the flap window is running. */
    CLEARING,
    /** Told it is over. A new raise of the key starts a new incident. */
    RESOLVED
}
