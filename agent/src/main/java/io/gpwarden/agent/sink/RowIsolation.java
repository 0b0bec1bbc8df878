package io.gpwarden.agent.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Writes a batch whose first attempt the database refused for a value (SQLSTATE 22/23), keeping
 * every row it accepts and isolating each row it refuses. Each attempt runs under a savepoint
 * of the batch's transaction. When the error names the COPY line (PostgreSQL and Greenplum do
 * for input and constraint errors, text and binary format alike) the refused row is known at
 * once: it is set aside and the rows before it are written again, so k refused rows cost about k + 1 COPYs of the batch. When
 * no line is named (an error in a MERGE or MAPPING expression), the rows are split in halves.
 */
final class RowIsolation {
    private static final Pattern COPY_LINE = Pattern.compile("COPY [^,]+, line (\\d+)");

    /** Writes rows[from, to) (indexes into the batch) in one attempt; returns rows written. */
    @FunctionalInterface
    interface Attempt {
        long write(int[] rows, int from, int to) throws SQLException;
    }

    /**
     * Which row of the failed attempt on {@code rows[from, to)} the database named: an index in
     * [from, to), or -1 when the error names none.
     */
    @FunctionalInterface
    interface Locator {
        int refused(SQLException e, int from, int to);
    }

    /** A refused row: its index in the batch and the database's message. */
    record Refused(int row, String error) {
    }

    private final Connection connection;
    private final Attempt attempt;
    private final Locator locator;
    private final List<Refused> refused;

    /** One COPY per attempt: the COPY's line n is {@code rows[from + n - 1]}. */
    RowIsolation(Connection connection, Attempt attempt, List<Refused> refused) {
        this(connection, attempt, (e, from, to) -> {
            int line = copyLine(e);
            return line <= 0 || from + line - 1 >= to ? -1 : from + line - 1;
        }, refused);
    }

    RowIsolation(Connection connection, Attempt attempt, Locator locator, List<Refused> refused) {
        this.connection = connection;
        this.attempt = attempt;
        this.locator = locator;
        this.refused = refused;
    }

    long write(int[] rows, int from, int to) throws SQLException {
        long written = 0;
        int start = from;
        while (start < to) {
            Savepoint sp = connection.setSavepoint();
            try {
                written += attempt.write(rows, start, to);
                connection.releaseSavepoint(sp);
                return written;
            } catch (SQLException e) {
                if (SqlErrors.classify(e) != SqlErrors.Kind.DATA) {
                    throw e;
                }
                connection.rollback(sp);
                int bad = locator.refused(e, start, to);
                if (bad < 0) {
                    if (to - start == 1) {
                        refused.add(new Refused(rows[start], message(e)));
                        return written;
                    }
                    int mid = (start + to) >>> 1;
                    return written + write(rows, start, mid) + write(rows, mid, to);
                }
                refused.add(new Refused(rows[bad], message(e)));
                if (bad > start) {
                    written += write(rows, start, bad);
                }
                start = bad + 1;
            }
        }
        return written;
    }

    static int copyLine(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m != null && m.getWhere() != null) {
                Matcher x = COPY_LINE.matcher(m.getWhere());
                if (x.find()) {
                    return Integer.parseInt(x.group(1));
                }
            }
        }
        return -1;
    }

    static String message(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return SinkException.firstLine(e.getMessage());
    }
}
