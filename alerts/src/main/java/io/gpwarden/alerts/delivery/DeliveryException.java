package io.gpwarden.alerts.delivery;

/**
 * A delivery attempt failed. The kind decides what happens next: TRANSIENT is retried with
 * backoff (and counts towards the circuit breaker); CONFIGURATION is retried slowly (a human
 * must fix a password or key, and a tight loop would lock accounts or flood logs) and is
 * reported as a configuration alert; PERMANENT is given up (the receiver will never accept
 * this notification, e.g. every recipient rejected).
 */
public final class DeliveryException extends Exception {

    public enum Kind { TRANSIENT, CONFIGURATION, PERMANENT }

    private final Kind kind;

    public DeliveryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public DeliveryException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
