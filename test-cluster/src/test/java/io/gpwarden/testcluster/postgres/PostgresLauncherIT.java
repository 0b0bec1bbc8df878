package io.gpwarden.testcluster.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresLauncherIT {
    static PostgresLauncher pg;

    @BeforeAll
    static void launcher() throws Exception {
        pg = PostgresLauncher.inTempDirectory();
    }

    @AfterAll
    static void close() throws Exception {
        pg.close();
    }

    @Test
    void startsCopiesOfOneTemplateThatSurviveKillAndRestart() throws Exception {
        PostgresInstance a = pg.start("a");
        PostgresInstance b = pg.start("b");
        assertThat(a.port()).isNotEqualTo(b.port());
        try (Connection c = a.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x int)");
            s.execute("INSERT INTO t VALUES (42)");
        }
        long pidBefore = a.pid().orElseThrow();
        a.kill();
        assertThat(a.isRunning()).isFalse();
        assertThat(a.dataDirectory().resolve("postmaster.pid")).exists();
        assertThatThrownBy(() -> a.connect()).isInstanceOf(SQLException.class);

        a.start();
        assertThat(a.pid().orElseThrow()).isNotEqualTo(pidBefore);
        try (Connection c = DriverManager.getConnection(a.jdbcUrl(), pg.access().superuser(), pg.access().password());
             ResultSet rs = c.createStatement().executeQuery("SELECT x FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        b.restart();
        try (Connection c = b.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("gpadmin");
        }
        b.stop();
        assertThat(b.isRunning()).isFalse();
    }

    @Test
    void requiresThePasswordAndKeepsItInAPrivatePassFile() throws Exception {
        PostgresInstance c = pg.start("c");
        assertThatThrownBy(() -> DriverManager.getConnection(c.jdbcUrl(), "gpadmin", "wrong"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pg.access().passFile())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(pg.access().passFile())).contains(pg.access().password());
        assertThat(pg.access().toString()).doesNotContain(pg.access().password());
    }

    @Test
    void ledgerStopsEverythingByPid() throws Exception {
        PostgresInstance d = pg.start("d");
        long pid = d.pid().orElseThrow();
        assertThat(pg.ledger().live()).extracting(e -> e.livePid().orElse(0L)).contains(pid);
        pg.ledger().stop(pg.ledger().entries().stream().filter(e -> e.name().equals("pg-d")).findFirst().orElseThrow(),
                java.time.Duration.ofSeconds(20));
        assertThat(io.gpwarden.testcluster.process.ProcessTable.isRunning(pid)).isFalse();
    }
}
