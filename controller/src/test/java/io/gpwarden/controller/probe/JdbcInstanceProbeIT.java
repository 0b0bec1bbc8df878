package io.gpwarden.controller.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.config.SecretRef;
import io.gpwarden.controller.config.ClusterAccess;
import io.gpwarden.controller.config.Endpoint;
import io.gpwarden.controller.decide.ProbeStreak;
import io.gpwarden.controller.jdbc.PgConnector;
import io.gpwarden.controller.jdbc.Reachability;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.postgres.PostgresLauncher;
import io.gpwarden.testcluster.postgres.ServerSettings;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe against real PostgreSQL servers: up, killed, frozen, full, and a wrong password. */
class JdbcInstanceProbeIT {
    static PostgresLauncher pg;
    static PostgresInstance server;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresLauncher.inTempDirectory(new ServerSettings(16, 8, false, List.of()));
        server = pg.start("probed");
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static JdbcInstanceProbe probe(String password, boolean utility) {
        ClusterAccess access = new ClusterAccess("it", new Endpoint(server.address(), server.port()), Optional.empty(),
                "postgres", pg.access().superuser(), Optional.of(SecretRef.literal(password, "test")), "disable", utility);
        return new JdbcInstanceProbe(new PgConnector(access), Duration.ofMillis(800), utility, Clock.systemUTC());
    }

    private static ProbeTarget primary() {
        return new ProbeTarget("dbid=2", ProbeTarget.Kind.PRIMARY, new Endpoint(server.address(), server.port()),
                2, 0, "sdw1");
    }

    @Test
    void aServingServerIsUpAndAnswersInMilliseconds() {
        ProbeResult r = probe(pg.access().password(), false).probe(primary());
        assertThat(r.reachability()).isEqualTo(Reachability.UP);
        assertThat(r.latency()).isLessThan(Duration.ofMillis(800));
    }

    @Test
    void utilityModeIsDroppedForServersThatDoNotKnowIt() {
        JdbcInstanceProbe p = probe(pg.access().password(), true);
        assertThat(p.probe(primary()).reachability()).isEqualTo(Reachability.UP);
        assertThat(p.probe(primary()).reachability()).isEqualTo(Reachability.UP);
    }

    @Test
    void aWrongPasswordIsALoginProblemNotADownServer() {
        ProbeResult r = probe("not-the-password", false).probe(primary());
        assertThat(r.reachability()).isEqualTo(Reachability.LOGIN_REJECTED);
        assertThat(r.sqlState()).isEqualTo("28P01");
        assertThat(r.detail()).contains("password authentication failed").doesNotContain("not-the-password");
    }

    @Test
    void aFullServerIsBusyNotDown() throws Exception {
        List<Connection> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                hogs.add(server.connect());
            }
            JdbcInstanceProbe p = probe(pg.access().password(), false);
            ProbeResult r = p.probe(primary());
            assertThat(r.reachability()).isEqualTo(Reachability.BUSY);
            assertThat(r.sqlState()).isEqualTo("53300");
            // Three rounds of it: never down, and "not serving" once refused long enough.
            ProbeStreak streak = ProbeStreak.after(null, r);
            streak = ProbeStreak.after(streak, p.probe(primary()));
            streak = ProbeStreak.after(streak, p.probe(primary()));
            assertThat(streak.confirmedDown(3)).isFalse();
            assertThat(streak.refusals()).isEqualTo(3);
            assertThat(streak.notServing(3, Duration.ZERO, streak.last().at())).isTrue();
            assertThat(streak.notServing(3, Duration.ofMinutes(1), streak.last().at())).isFalse();
        } finally {
            for (Connection c : hogs) {
                c.close();
            }
        }
    }

    @Test
    void aFrozenServerIsUnresponsiveWithinTheTimeoutAndAKilledOneIsDown() throws Exception {
        long pid = server.pid().orElseThrow();
        JdbcInstanceProbe p = probe(pg.access().password(), false);
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        try {
            long start = System.nanoTime();
            ProbeResult frozen = p.probe(primary());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(frozen.reachability()).isEqualTo(Reachability.UNRESPONSIVE);
            assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofMillis(2500));
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
        }
        assertThat(p.probe(primary()).reachability()).isEqualTo(Reachability.UP);

        server.kill();
        try {
            ProbeResult killed = p.probe(primary());
            assertThat(killed.reachability()).isEqualTo(Reachability.DOWN);
            assertThat(killed.latency()).isLessThan(Duration.ofMillis(500));
        } finally {
            server.start();
        }
        assertThat(p.probe(primary()).reachability()).isEqualTo(Reachability.UP);
    }
}
