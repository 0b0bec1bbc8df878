package io.gpwarden.testcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.testcluster.catalog.SegmentRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Coordinator failover with gpactivatestandby, as an operator (or the controller) does it: refused
 * while the old coordinator's postmaster.pid is there, done once its host is down; then writes go
 * to the new coordinator, FTS works from there, and gpinitstandby makes a new standby.
 */
@GreenplumCluster(hosts = 1, primariesPerHost = 1, mirroring = "none", standby = true, isolated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoordinatorFailoverIT {

    @Test
    @Order(1)
    void gpactivatestandbyRefusesWhileTheOldCoordinatorLives(TestCluster cluster) throws Exception {
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders(id int)");
            s.execute("INSERT INTO orders VALUES (1), (2)");
        }
        TestCluster.CommandResult running = cluster.ssh("scdw", "gpactivatestandby -a");
        assertThat(running.exitCode()).as(running.stdout()).isEqualTo(2);
        assertThat(running.stdout()).contains("Error activating standby coordinator: Active postgres process on coordinator");

        cluster.kill(1);
        TestCluster.CommandResult killed = cluster.ssh("scdw", "gpactivatestandby -a -d $COORDINATOR_DATA_DIRECTORY");
        assertThat(killed.exitCode()).as(killed.stdout()).isEqualTo(2);
        assertThat(killed.stdout()).contains("Appears that there is an active postgres process on 127.0.1.1")
                .contains("Active postgres process on coordinator");
        SegmentRow standby = standbyRow(cluster);
        assertThatThrownBy(() -> cluster.connect(standby)).isInstanceOf(SQLException.class);
    }

    @Test
    @Order(2)
    void gpactivatestandbySucceedsOnceTheOldCoordinatorIsStoppedAndWritesGoToTheNewOne(TestCluster cluster) throws Exception {
        SegmentRow standby = standbyRow(cluster);
        cluster.stopHost("cdw");
        TestCluster.CommandResult r = cluster.ssh("scdw", "gpactivatestandby -a");
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.stdout()).contains("The activation of the standby coordinator has completed successfully.")
                .contains("scdw is now the new primary coordinator.");

        assertThat(cluster.coordinator().hostname()).isEqualTo("scdw");
        assertThat(cluster.jdbcUrl()).startsWith("jdbc:postgresql://127.0.1.2:");
        List<SegmentRow> rows = cluster.catalog();
        assertThat(rows.stream().filter(x -> x.content() == -1).toList())
                .containsExactly(standby.with('p', 'n', 'u').withPreferredRole('p'));
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), cluster.user(), cluster.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO orders VALUES (3)");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            try (ResultSet rs = s.executeQuery("SELECT gp_request_fts_probe_scan()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
        TestCluster.CommandResult state = cluster.ssh("scdw", "gpstate -f");
        assertThat(state.stdout()).contains("Standby coordinator instance not configured");
    }

    @Test
    @Order(3)
    void gpinitstandbyMakesTheOldHostTheNewStandby(TestCluster cluster) throws Exception {
        cluster.startHost("cdw");
        // the old coordinator came back with its host (a split brain the controller must fence);
        // the promoted one stays the acting coordinator, being on the newer timeline
        assertThat(cluster.coordinator().hostname()).isEqualTo("scdw");
        TestCluster.CommandResult wipe = cluster.ssh("cdw",
                "pg_ctl -D $COORDINATOR_DATA_DIRECTORY -m fast -w stop >/dev/null; rm -rf $COORDINATOR_DATA_DIRECTORY");
        assertThat(wipe.exitCode()).as(wipe.stderr()).isZero();

        TestCluster.CommandResult init = cluster.ssh("scdw", "gpinitstandby -s cdw -a");
        assertThat(init.exitCode()).as(init.stdout()).isZero();
        assertThat(init.stdout()).contains("Successfully created standby coordinator on cdw");
        cluster.awaitCatalog(rows -> rows.stream().filter(x -> x.content() == -1).count() == 2
                && rows.stream().filter(x -> x.content() == -1).allMatch(x -> x.isUp() && x.mode() == 's'),
                Duration.ofSeconds(60));
        TestCluster.CommandResult state = cluster.ssh("scdw", "gpstate -f");
        assertThat(state.exitCode()).isZero();
        assertThat(state.stdout()).containsPattern("Standby address\\s+= 127\\.0\\.1\\.1").contains("-Sync state: sync");
    }

    static SegmentRow standbyRow(TestCluster cluster) throws Exception {
        List<SegmentRow> rows = cluster.running().instances();
        return rows.stream().filter(x -> x.content() == -1 && !x.isPrimary()).findFirst().orElseThrow();
    }
}
