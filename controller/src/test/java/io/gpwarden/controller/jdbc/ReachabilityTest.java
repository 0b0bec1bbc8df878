package io.gpwarden.controller.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ReachabilityTest {

    private static SQLException sql(String state, String message) {
        return new SQLException(message, state);
    }

    private static SQLException sql(String state, String message, Throwable cause) {
        return new SQLException(message, state, cause);
    }

    @Test
    void aLiveServerThatRefusesUsIsNeverDown() {
        assertThat(Reachability.of(sql("28P01", "password authentication failed for user \"gpadmin\"")))
                .isEqualTo(Reachability.LOGIN_REJECTED);
        assertThat(Reachability.of(sql("28000", "no pg_hba.conf entry for host"))).isEqualTo(Reachability.LOGIN_REJECTED);
        assertThat(Reachability.of(sql("53300", "sorry, too many clients already"))).isEqualTo(Reachability.BUSY);
        assertThat(Reachability.of(sql("57P03", "the database system is starting up"))).isEqualTo(Reachability.STARTING);
        assertThat(Reachability.of(sql("3D000", "database \"nope\" does not exist"))).isEqualTo(Reachability.MISCONFIGURED);
        for (Reachability r : new Reachability[] {Reachability.LOGIN_REJECTED, Reachability.BUSY,
                Reachability.STARTING, Reachability.MISCONFIGURED, Reachability.QUERY_FAILED, Reachability.UP}) {
            assertThat(r.countsAsDown()).as(r.name()).isFalse();
        }
        assertThat(Reachability.LOGIN_REJECTED.isConfigurationProblem()).isTrue();
        assertThat(Reachability.BUSY.isConfigurationProblem()).isFalse();
    }

    @Test
    void refusedResetAndShutdownAreDown() {
        assertThat(Reachability.of(sql("08001", "Connection to cdw:5432 refused.", new ConnectException("refused"))))
                .isEqualTo(Reachability.DOWN);
        assertThat(Reachability.of(sql("08006", "An I/O error occurred while sending to the backend.",
                new EOFException()))).isEqualTo(Reachability.DOWN);
        assertThat(Reachability.of(sql("57P01", "terminating connection due to administrator command")))
                .isEqualTo(Reachability.DOWN);
        assertThat(Reachability.of(sql("08006", "connection lost"))).isEqualTo(Reachability.DOWN);
    }

    @Test
    void silenceIsUnresponsiveAndCountsAsDown() {
        assertThat(Reachability.of(sql("08001", "The connection attempt failed.",
                new SocketTimeoutException("Read timed out")))).isEqualTo(Reachability.UNRESPONSIVE);
        assertThat(Reachability.of(sql("08001", "Connection attempt timed out."))).isEqualTo(Reachability.UNRESPONSIVE);
        assertThat(Reachability.of(sql("57014", "canceling statement due to statement timeout")))
                .isEqualTo(Reachability.UNRESPONSIVE);
        assertThat(Reachability.UNRESPONSIVE.countsAsDown()).isTrue();
    }

    @Test
    void anUnknownHostIsAConfigurationProblem() {
        assertThat(Reachability.of(sql("08001", "The connection attempt failed.", new UnknownHostException("cdw"))))
                .isEqualTo(Reachability.MISCONFIGURED);
        assertThat(Reachability.of(sql("XX000", "internal error"))).isEqualTo(Reachability.QUERY_FAILED);
    }
}
