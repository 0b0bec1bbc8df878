package io.gpwarden.testcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.process.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.junit.jupiter.api.Test;

/** Read-only checks of a running stand-in: catalog, views, FTS request, SSH with strict host keys. */
@GreenplumCluster(hosts = 2, primariesPerHost = 2)
class SharedClusterIT {

    @Test
    void catalogHasGreenplumsShapeAndValueDomainsVisibleUnqualified(TestCluster cluster) throws Exception {
        List<SegmentRow> rows = new ArrayList<>();
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path = ''");
            try (ResultSet rs = s.executeQuery("SELECT dbid, content, role, preferred_role, mode, status, port, hostname, "
                    + "address, datadir FROM gp_segment_configuration ORDER BY dbid")) {
                while (rs.next()) {
                    rows.add(new SegmentRow(rs.getInt(1), rs.getInt(2), rs.getString(3).charAt(0), rs.getString(4).charAt(0),
                            rs.getString(5).charAt(0), rs.getString(6).charAt(0), rs.getInt(7), rs.getString(8),
                            rs.getString(9), rs.getString(10)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM gp_configuration_history")) {
                rs.next();
                assertThat(rs.getInt(1)).isPositive();
            }
        }
        assertThat(rows).hasSize(10);
        assertThat(rows.get(0)).satisfies(r -> {
            assertThat(r.dbid()).isEqualTo(1);
            assertThat(r.content()).isEqualTo(-1);
            assertThat(r.role()).isEqualTo('p');
            assertThat(r.hostname()).isEqualTo("cdw");
            assertThat(r.address()).isEqualTo("127.0.1.1");
        });
        SegmentRow standby = rows.stream().filter(r -> r.content() == -1 && r.role() == 'm').findFirst().orElseThrow();
        assertThat(standby.hostname()).isEqualTo("scdw");
        assertThat(standby.port()).isEqualTo(rows.get(0).port());
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.role()).isIn('p', 'm');
            assertThat(r.mode()).isEqualTo('s');
            assertThat(r.status()).isEqualTo('u');
            assertThat(r.role()).isEqualTo(r.preferredRole());
        });
        assertThat(rows.stream().filter(r -> r.content() >= 0 && r.role() == 'p').map(SegmentRow::hostname).toList())
                .containsExactly("sdw1", "sdw1", "sdw2", "sdw2");
        SegmentRow p0 = rows.stream().filter(r -> r.content() == 0 && r.role() == 'p').findFirst().orElseThrow();
        SegmentRow m0 = rows.stream().filter(r -> r.content() == 0 && r.role() == 'm').findFirst().orElseThrow();
        assertThat(m0.hostname()).isEqualTo("sdw2");
        assertThat(m0.port()).isEqualTo(p0.port() + 1000);
        assertThat(m0.datadir()).endsWith("/hosts/sdw2/data/mirror/gpseg0");
    }

    @Test
    void gpStatReplicationShowsEveryPairInSync(TestCluster cluster) throws Exception {
        Map<Integer, String> syncBySegment = new java.util.TreeMap<>();
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT gp_segment_id, application_name, state, sync_state, sent_lsn, flush_lsn, "
                     + "replay_lsn, sync_error FROM gp_stat_replication")) {
            while (rs.next()) {
                assertThat(rs.getString("application_name")).isEqualTo("gp_walreceiver");
                assertThat(rs.getString("state")).isEqualTo("streaming");
                assertThat(rs.getString("sent_lsn")).matches("[0-9A-F]+/[0-9A-F]+");
                syncBySegment.put(rs.getInt("gp_segment_id"), rs.getString("sync_state"));
            }
        }
        assertThat(syncBySegment).containsOnlyKeys(-1, 0, 1, 2, 3).containsValues("sync");
        assertThat(syncBySegment.values()).containsOnly("sync");
    }

    @Test
    void gpDiskFreeReportsTheRealFilesystemUnlessFilled(TestCluster cluster) throws Exception {
        Map<Integer, long[]> before = diskFree(cluster);
        assertThat(before).containsOnlyKeys(0, 1, 2, 3);
        String df = ExternalCommand.run(List.of("df", "-Pk", cluster.directory().toString()), Duration.ofSeconds(10))
                .orThrow().output().strip().lines().reduce((a, b) -> b).orElseThrow();
        String[] f = df.trim().split("\\s+");
        long available = Long.parseLong(f[3]);
        long size = Long.parseLong(f[1]);
        assertThat(before.get(0)[0]).isBetween(available - 1024 * 1024, available + 1024 * 1024);
        try {
            cluster.diskFill("sdw1", 90.0);
            Map<Integer, long[]> filled = diskFree(cluster);
            assertThat(filled.get(0)[0]).isEqualTo((long) Math.floor(size * 0.10));
            assertThat(filled.get(1)[0]).isEqualTo((long) Math.floor(size * 0.10));
            assertThat(filled.get(2)[0]).isBetween(available - 1024 * 1024, available + 1024 * 1024);
        } finally {
            cluster.diskFill("sdw1", null);
        }
        assertThat(diskFree(cluster).get(0)[0]).isGreaterThan((long) (size * 0.10));
    }

    private static Map<Integer, long[]> diskFree(TestCluster cluster) throws Exception {
        Map<Integer, long[]> out = new java.util.TreeMap<>();
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT dfsegment, dfhostname, dfdevice, dfspace FROM gp_toolkit.gp_disk_free")) {
            while (rs.next()) {
                assertThat(rs.getString("dfhostname")).isIn("sdw1", "sdw2");
                assertThat(rs.getString("dfdevice")).isNotBlank();
                out.put(rs.getInt("dfsegment"), new long[] {rs.getLong("dfspace")});
            }
        }
        return out;
    }

    @Test
    void probeScanRequestWaitsForAFreshLoop(TestCluster cluster) throws Exception {
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            long start;
            try (ResultSet rs = s.executeQuery("SELECT start_tick FROM gpwarden_testcluster.fts_probe_state")) {
                rs.next();
                start = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT gp_request_fts_probe_scan()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            try (ResultSet rs = s.executeQuery("SELECT end_tick FROM gpwarden_testcluster.fts_probe_state")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThan(start);
            }
        }
    }

    @Test
    void sshSessionsSeeTheirHostsEnvironmentAndTheUtilities(TestCluster cluster) throws Exception {
        TestCluster.CommandResult r = cluster.ssh("sdw1",
                "echo $GPWARDEN_HOST $PGPORT; echo $COORDINATOR_DATA_DIRECTORY; echo $MASTER_DATA_DIRECTORY; command -v gpstate gprecoverseg");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("sdw1 " + cluster.coordinator().port());
        assertThat(lines.get(1)).endsWith("/hosts/sdw1/data/coordinator/gpseg-1").isEqualTo(lines.get(2));
        assertThat(lines.get(3)).isEqualTo(cluster.directory().resolve("bin/gpstate").toString());

        TestCluster.CommandResult state = cluster.ssh("sdw1", "gpstate -e");
        assertThat(state.exitCode()).as(state.stdout() + state.stderr()).isZero();
        assertThat(state.stdout()).contains("gpstate:sdw1:").contains("All segments are running normally");
    }

    @Test
    void openSshChecksHostKeysStrictly(TestCluster cluster) throws Exception {
        Path empty = Files.createTempFile("known_hosts", "");
        Path config = Files.createTempFile("ssh_config", "");
        try {
            Files.writeString(config, Files.readString(cluster.sshConfig())
                    .replace(cluster.knownHosts().toString(), empty.toString()));
            ExternalCommand.Result denied = ExternalCommand.run(List.of("ssh", "-F", config.toString(), "sdw2", "true"),
                    Duration.ofSeconds(30));
            assertThat(denied.exitCode()).isEqualTo(255);
            assertThat(denied.output()).contains("Host key verification failed");
            assertThat(ExternalCommand.run(List.of("ssh", "-F", cluster.sshConfig().toString(), "sdw2", "true"),
                    Duration.ofSeconds(30)).exitCode()).isZero();
        } finally {
            Files.deleteIfExists(empty);
            Files.deleteIfExists(config);
        }
    }

    @Test
    void sshjVerifiesEachHostsOwnKeyFromTheGeneratedKnownHosts(TestCluster cluster) throws Exception {
        OpenSSHKnownHosts known = new OpenSSHKnownHosts(cluster.knownHosts().toFile());
        try (SSHClient ssh = new SSHClient()) {
            ssh.addHostKeyVerifier(known);
            ssh.connect(cluster.address("sdw2"), cluster.sshPort());
            ssh.authPublickey(cluster.sshUser(), ssh.loadKeys(cluster.clientKey().toString()));
            try (Session session = ssh.startSession()) {
                Session.Command cmd = session.exec("echo $GPWARDEN_HOST");
                String out = new String(cmd.getInputStream().readAllBytes()).trim();
                cmd.join();
                assertThat(out).isEqualTo("sdw2");
                assertThat(cmd.getExitStatus()).isZero();
            }
        }
        // host keys differ per host: the key of sdw2 must not pass for sdw1's address
        try (SSHClient ssh = new SSHClient()) {
            ssh.addHostKeyVerifier(new net.schmizz.sshj.transport.verification.HostKeyVerifier() {
                @Override
                public boolean verify(String host, int port, java.security.PublicKey key) {
                    return known.verify(cluster.address("sdw1"), port, key);
                }

                @Override
                public List<String> findExistingAlgorithms(String host, int port) {
                    return known.findExistingAlgorithms(cluster.address("sdw1"), port);
                }
            });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ssh.connect(cluster.address("sdw2"), cluster.sshPort()))
                    .isInstanceOf(net.schmizz.sshj.transport.TransportException.class);
        }
    }
}
