package io.gpwarden.agent.sink;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Classifies a database error once, at the sink boundary, into what the agent does next. The
 * classification is a safety feature: a wrong password or "the database is starting up" must
 * never be mistaken for bad data (which would send good rows to the error table) or for a dead
 * node.
 */
public final class SqlErrors {
    /** What an error means for the batch. */
    public enum Kind {
        /** Connection lost, server shutting down or starting, read-only or in recovery, out of resources: roll back, back off, reconnect, reseek. */
        RETRIABLE,
        /** Wrong user or password: a configuration error; retry slowly, never in a tight loop. */
        CREDENTIALS,
        /** A value the database refuses: isolate the row and send it to the error table. */
        DATA,
        /** Anything else (missing table, no privilege, bad SQL in the job): stop the job. */
        FATAL
    }

    private SqlErrors() {
    }

    public static Kind classify(SQLException e) {
        String state = e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (state == null) {
            return e.getCause() instanceof java.io.IOException || message.contains("connection") ? Kind.RETRIABLE : Kind.FATAL;
        }
        if (state.startsWith("28") || message.contains("no password was provided")) {
            return Kind.CREDENTIALS;
        }
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("57014") || state.startsWith("53")
                || state.equals("25006") || state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                || state.equals("25P02") && message.contains("recovery")
                || message.contains("in recovery") || message.contains("recovery is in progress")
                || message.contains("read-only transaction")) {
            return Kind.RETRIABLE;
        }
        if (state.startsWith("22") || state.startsWith("23") || state.equals("54000")) {
            return Kind.DATA;
        }
        return Kind.FATAL;
    }
}
