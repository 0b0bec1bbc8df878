package io.gpwarden.alerts.outbox;

/** The outbox could not be read or written; the message names the file and what to do. */
public final class OutboxException extends RuntimeException {
    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }

    public OutboxException(String message) {
        super(message);
    }
}
