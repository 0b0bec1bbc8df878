package io.gpwarden.controller.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.config.SecretRef;
import io.gpwarden.controller.config.ClusterAccess;
import io.gpwarden.controller.config.Endpoint;
import io.gpwarden.controller.config.QualifiedName;
import io.gpwarden.controller.jdbc.PgConnector;
import io.gpwarden.controller.jdbc.Reachability;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.postgres.PostgresLauncher;
import io.gpwarden.testcluster.postgres.ServerSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog reader against a real PostgreSQL server holding the catalog shapes of Greenplum 7,
 * 6 and 5, one database each: the GP7 and GP6 column names of gp_stat_replication, and GP5's
 * gp_segment_configuration without datadir (joined from pg_filespace_entry) and its c/r modes.
 */
class JdbcClusterCatalogIT {
    static PostgresLauncher pg;
    static PostgresInstance server;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresLauncher.inTempDirectory(new ServerSettings(16, 20, false, List.of()));
        server = pg.start("catalog");
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE gp7");
            st.execute("CREATE DATABASE gp6");
            st.execute("CREATE DATABASE gp5");
        }
        try (Connection c = server.connect("gp7"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE gp_segment_configuration (dbid smallint, content smallint, role "char",
                      preferred_role "char", mode "char", status "char", port int, hostname text, address text,
                      datadir text);
                    INSERT INTO gp_segment_configuration VALUES
                      (1, -1, 'p', 'p', 's', 'u', 5432, 'cdw', 'cdw', '/data/coordinator/gpseg-1'),
                      (6, -1, 'm', 'm', 's', 'u', 5432, 'scdw', 'scdw', '/data/coordinator/gpseg-1'),
                      (2, 0, 'm', 'p', 'n', 'd', 6000, 'sdw1', 'sdw1.lan', '/data/primary/gpseg0'),
                      (4, 0, 'p', 'm', 'n', 'u', 7000, 'sdw2', 'sdw2.lan', '/data/mirror/gpseg0'),
                      (3, 1, 'p', 'p', 's', 'u', 6000, 'sdw2', 'sdw2.lan', '/data/primary/gpseg1'),
                      (5, 1, 'm', 'm', 's', 'u', 7000, 'sdw1', 'sdw1.lan', '/data/mirror/gpseg1');
                    CREATE TABLE gp_stat_replication (gp_segment_id smallint, pid int, application_name text,
                      client_addr inet, state text, sent_lsn pg_lsn, write_lsn pg_lsn, flush_lsn pg_lsn,
                      replay_lsn pg_lsn, replay_lag interval, sync_state text, sync_error text);
                    INSERT INTO gp_stat_replication VALUES
                      (-1, 100, 'gp_walreceiver', '10.0.0.2', 'streaming', '1/A0000000', '1/A0000000',
                       '1/9FFFF000', '1/9F000000', '00:00:01.5', 'sync', 'none'),
                      (1, 101, 'gp_walreceiver', '10.0.0.3', 'streaming', '0/3000000', '0/3000000', '0/3000000',
                       '0/3000000', NULL, 'sync', 'none');
                    CREATE SCHEMA gp_toolkit;
                    CREATE TABLE gp_toolkit.gp_disk_free (dfsegment int, dfhostname text, dfdevice text, dfspace bigint);
                    INSERT INTO gp_toolkit.gp_disk_free VALUES (0, ' sdw1', ' /dev/sdb1', 1048576),
                      (1, ' sdw2', ' /dev/sdb1', 2097152);
                    CREATE SCHEMA gpwarden;
                    CREATE TABLE gpwarden.disk_capacity (dfsegment int, dfhostname text, dfdevice text, dftotal bigint);
                    INSERT INTO gpwarden.disk_capacity VALUES (0, 'sdw1', '/dev/sdb1', 4194304);
                    CREATE TABLE fts_requests (at timestamptz DEFAULT now());
                    CREATE FUNCTION gp_request_fts_probe_scan() RETURNS boolean LANGUAGE sql
                      AS 'INSERT INTO fts_requests DEFAULT VALUES RETURNING true';
                    """);
        }
        try (Connection c = server.connect("gp6"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE gp_segment_configuration (dbid smallint, content smallint, role "char",
                      preferred_role "char", mode "char", status "char", port int, hostname text, address text,
                      datadir text);
                    INSERT INTO gp_segment_configuration VALUES
                      (1, -1, 'p', 'p', 'n', 'u', 5432, 'mdw', 'mdw', '/data/master/gpseg-1'),
                      (2, 0, 'p', 'p', 's', 'u', 6000, 'sdw1', 'sdw1', '/data/primary/gpseg0'),
                      (3, 0, 'm', 'm', 's', 'u', 7000, 'sdw2', 'sdw2', '/data/mirror/gpseg0');
                    CREATE TABLE gp_stat_replication (gp_segment_id smallint, application_name text, state text,
                      sent_location text, write_location text, flush_location text, replay_location text,
                      sync_state text);
                    INSERT INTO gp_stat_replication VALUES
                      (0, 'gp_walreceiver', 'catchup', '0/5000000', '0/4000000', '0/4000000', '0/3000000', 'async');
                    """);
        }
        try (Connection c = server.connect("gp5"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE gp_segment_configuration (dbid smallint, content smallint, role "char",
                      preferred_role "char", mode "char", status "char", port int, hostname text, address text,
                      replication_port int);
                    INSERT INTO gp_segment_configuration VALUES
                      (1, -1, 'p', 'p', 's', 'u', 5432, 'mdw', 'mdw', NULL),
                      (2, 0, 'p', 'p', 'c', 'u', 40000, 'sdw1', 'sdw1', 41000),
                      (3, 0, 'm', 'm', 'r', 'd', 50000, 'sdw2', 'sdw2', 51000);
                    CREATE TABLE pg_filespace_entry (fsefsoid oid, fsedbid smallint, fselocation text);
                    INSERT INTO pg_filespace_entry VALUES (3052, 2, '/data/primary/gpseg0'),
                      (3052, 3, '/data/mirror/gpseg0'), (9999, 2, '/elsewhere');
                    CREATE TABLE gp_stat_replication (gp_segment_id smallint, state text);
                    """);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static JdbcClusterCatalog catalog(String database, String password) {
        ClusterAccess access = new ClusterAccess("it", new Endpoint(server.address(), server.port()), Optional.empty(),
                database, pg.access().superuser(), Optional.of(SecretRef.literal(password, "test")), "disable", true);
        return new JdbcClusterCatalog(new PgConnector(access), access::coordinator, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Optional.of(QualifiedName.parse("gpwarden.disk_capacity")), Clock.systemUTC());
    }

    @Test
    void readsGreenplum7SegmentsReplicationAndTheCoordinatorsWalEnd() throws Exception {
        CatalogSnapshot s = catalog("gp7", pg.access().password()).read();

        assertThat(s.serverVersion()).contains("PostgreSQL");
        assertThat(s.segments()).extracting(Segment::dbid).containsExactly(1, 6, 2, 4, 3, 5);
        Segment failed = s.byDbid(2).orElseThrow();
        assertThat(failed.role()).isEqualTo(Segment.Role.MIRROR);
        assertThat(failed.preferredRole()).isEqualTo(Segment.Role.PRIMARY);
        assertThat(failed.status()).isEqualTo(Segment.Status.DOWN);
        assertThat(failed.mode()).isEqualTo(Segment.Mode.NOT_SYNCED);
        assertThat(failed.endpoint()).isEqualTo(new Endpoint("sdw1.lan", 6000));
        assertThat(failed.datadir()).isEqualTo("/data/primary/gpseg0");
        assertThat(s.primaries()).extracting(Segment::dbid).containsExactly(4, 3);
        assertThat(s.standby().orElseThrow().hostname()).isEqualTo("scdw");

        ReplicationStream standby = s.standbyStream().orElseThrow();
        assertThat(standby.isStreaming()).isTrue();
        assertThat(standby.sentPosition()).hasValue(0x1_A000_0000L);
        assertThat(standby.replayPosition()).hasValue(0x1_9F00_0000L);
        assertThat(standby.replayLag()).contains(Duration.ofMillis(1500));
        assertThat(standby.syncError()).isEqualTo("none");
        assertThat(s.coordinatorWalEnd()).isPresent();
    }

    @Test
    void readsGreenplum6ReplicationNames() throws Exception {
        CatalogSnapshot s = catalog("gp6", pg.access().password()).read();
        ReplicationStream r = s.replication().get(0);
        assertThat(r.state()).isEqualTo("catchup");
        assertThat(r.sentPosition()).hasValue(0x500_0000L);
        assertThat(r.replayLagBytes(java.util.OptionalLong.empty())).hasValue(0x200_0000L);
        assertThat(s.standby()).isEmpty();
    }

    @Test
    void readsTheGreenplum5ShapeWithFilespacesAndOldModes() throws Exception {
        CatalogSnapshot s = catalog("gp5", pg.access().password()).read();
        assertThat(s.byDbid(2).orElseThrow().mode()).isEqualTo(Segment.Mode.CHANGE_TRACKING);
        assertThat(s.byDbid(3).orElseThrow().mode()).isEqualTo(Segment.Mode.RESYNCING);
        assertThat(s.byDbid(2).orElseThrow().datadir()).isEqualTo("/data/primary/gpseg0");
        assertThat(s.byDbid(1).orElseThrow().datadir()).isNull();
    }

    @Test
    void readsDiskFreeInBytesAndRequestsFtsProbeScans() throws Exception {
        JdbcClusterCatalog catalog = catalog("gp7", pg.access().password());
        assertThat(catalog.diskFree()).containsExactly(
                new DiskFree(0, "sdw1", "/dev/sdb1", 1024L * 1024 * 1024, java.util.OptionalLong.of(4096L * 1024 * 1024)),
                new DiskFree(1, "sdw2", "/dev/sdb1", 2048L * 1024 * 1024, java.util.OptionalLong.empty()));
        assertThat(catalog.diskFree().get(0).usedPercent()).isEqualTo(75.0);
        catalog.requestFtsProbe();
        catalog.requestFtsProbe();
        try (Connection c = server.connect("gp7"); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM fts_requests")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void failuresAreClassifiedLikeProbes() {
        assertThatThrownBy(() -> catalog("gp7", "wrong").read())
                .isInstanceOfSatisfying(CatalogUnavailableException.class,
                        e -> assertThat(e.reachability()).isEqualTo(Reachability.LOGIN_REJECTED))
                .hasMessageNotContaining("wrong");
        assertThatThrownBy(() -> catalog("postgres", pg.access().password()).read())
                .isInstanceOfSatisfying(CatalogUnavailableException.class,
                        e -> assertThat(e.reachability()).isEqualTo(Reachability.QUERY_FAILED))
                .hasMessageContaining("gp_segment_configuration");
    }
}
