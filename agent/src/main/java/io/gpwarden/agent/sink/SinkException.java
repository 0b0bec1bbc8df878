package io.gpwarden.agent.sink;

/**
 * A batch that did not commit, and what the agent should do about it. Its message never holds a
 * password (connection errors come from the driver, which does not print them).
 */
public final class SinkException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the pipeline does next. */
    public enum Kind {
        /** Roll back, back off, reconnect, reseek from the stored offsets, go on. */
        RETRIABLE,
        /** Wrong credentials: a configuration error, retried slowly. */
        CREDENTIALS,
        /** The stored offset was not what this batch expected: another owner moved it. Reseek. */
        FENCED,
        /** ERROR_LIMIT broken: the job stops with status Error. */
        ERROR_LIMIT,
        /** Anything else: the job stops with status Error. */
        FATAL,
        /** The decoder abandoned the batch (its partitions are being repositioned): rolled back, not an error. */
        ABANDONED
    }

    private final Kind kind;

    public SinkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public SinkException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Wraps a driver error with its classification. */
    static SinkException of(String doing, java.sql.SQLException e) {
        Kind k = switch (SqlErrors.classify(e)) {
            case RETRIABLE -> Kind.RETRIABLE;
            case CREDENTIALS -> Kind.CREDENTIALS;
            case DATA, FATAL -> Kind.FATAL;
        };
        return new SinkException(k, doing + ": " + firstLine(e.getMessage()) + sqlState(e), e);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String sqlState(java.sql.SQLException e) {
        return e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]";
    }
}
