package io.gpwarden.agent.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
    private static SqlErrors.Kind kind(String state, String message) {
        return SqlErrors.classify(new SQLException(message, state));
    }

    @Test
    void classifiesOnceAtTheBoundary() {
        assertThat(kind("08006", "An I/O error occurred")).isEqualTo(SqlErrors.Kind.RETRIABLE);
        assertThat(kind("57P01", "terminating connection due to administrator command")).isEqualTo(SqlErrors.Kind.RETRIABLE);
        assertThat(kind("57P03", "the database system is starting up")).isEqualTo(SqlErrors.Kind.RETRIABLE);
        assertThat(kind("25006", "cannot execute INSERT in a read-only transaction")).isEqualTo(SqlErrors.Kind.RETRIABLE);
        assertThat(kind("53300", "sorry, too many clients already")).isEqualTo(SqlErrors.Kind.RETRIABLE);
        assertThat(kind("53100", "could not extend file: No space left on device")).isEqualTo(SqlErrors.Kind.RETRIABLE);
        assertThat(kind("XX000", "recovery is in progress")).isEqualTo(SqlErrors.Kind.RETRIABLE);
        assertThat(kind("28P01", "password authentication failed for user \"u\"")).isEqualTo(SqlErrors.Kind.CREDENTIALS);
        assertThat(kind("28000", "no pg_hba.conf entry")).isEqualTo(SqlErrors.Kind.CREDENTIALS);
        assertThat(kind("08004", "The server requested password-based authentication, but no password was provided."))
                .isEqualTo(SqlErrors.Kind.CREDENTIALS);
        assertThat(kind("22P02", "invalid input syntax for type integer")).isEqualTo(SqlErrors.Kind.DATA);
        assertThat(kind("23505", "duplicate key value violates unique constraint")).isEqualTo(SqlErrors.Kind.DATA);
        assertThat(kind("42P01", "relation does not exist")).isEqualTo(SqlErrors.Kind.FATAL);
        assertThat(kind("42501", "permission denied for table t")).isEqualTo(SqlErrors.Kind.FATAL);
    }

    @Test
    void theClosableGateWaitsForTheBatchInFlight() throws Exception {
        IngestGate.Closable gate = new IngestGate.Closable();
        gate.enter();
        assertThat(gate.close(100)).as("a batch is in flight").isFalse();
        gate.leave();
        assertThat(gate.close(1000)).isTrue();
        assertThat(gate.isClosed()).isTrue();
        Thread t = new Thread(() -> {
            try {
                gate.enter();
                gate.leave();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join(200);
        assertThat(t.isAlive()).as("held at the closed gate").isTrue();
        gate.open();
        t.join(2000);
        assertThat(t.isAlive()).isFalse();
    }
}
