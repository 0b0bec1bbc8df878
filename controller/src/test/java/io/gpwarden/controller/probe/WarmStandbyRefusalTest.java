package io.gpwarden.controller.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which refusals of a standby coordinator mean "a standby at rest" (up) and which a transition. */
class WarmStandbyRefusalTest {
    private static SQLException fatal(String message) {
        return new SQLException(message, "57P03");
    }

    @Test
    void greenplum6AndPostgres14RefusalsOfAStandbyAtRestAreRecognised() {
        assertThat(JdbcInstanceProbe.isWarmStandbyRefusal(fatal("FATAL: the database system is in recovery mode"))).isTrue();
        assertThat(JdbcInstanceProbe.isWarmStandbyRefusal(fatal(
                "FATAL: the database system is not accepting connections\n  Detail: Hot standby mode is disabled."))).isTrue();
    }

    @Test
    void startingUpShuttingDownAndOtherRefusalsAreNot() {
        assertThat(JdbcInstanceProbe.isWarmStandbyRefusal(fatal("FATAL: the database system is starting up"))).isFalse();
        assertThat(JdbcInstanceProbe.isWarmStandbyRefusal(fatal("FATAL: the database system is shutting down"))).isFalse();
        assertThat(JdbcInstanceProbe.isWarmStandbyRefusal(fatal(
                "FATAL: the database system is not accepting connections\n  Detail: Consistent recovery state has not been yet reached.")))
                .isFalse();
        assertThat(JdbcInstanceProbe.isWarmStandbyRefusal(new SQLException((String) null, "57P03"))).isFalse();
    }
}
