package io.gpwarden.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.controller.status.ClusterStatus.CatalogView;
import io.gpwarden.controller.status.ClusterStatus.ConditionView;
import io.gpwarden.controller.status.ClusterStatus.ControllerView;
import io.gpwarden.controller.status.ClusterStatus.DiskView;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import io.gpwarden.controller.status.ClusterStatus.InstanceView;
import io.gpwarden.controller.status.ClusterStatus.ReplicationView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusRenderingTest {

    /** seg0's primary failed and its mirror took over; sdw2's disk is at 82 %. */
    static ClusterStatus degraded() {
        InstanceView coordinator = new InstanceView("coordinator", 1, -1, "cdw", "127.0.1.1", 5432, "/data/c",
                "p", "p", "s", "u", "up", 2.4, "");
        InstanceView standby = new InstanceView("standby", 10, -1, "scdw", "127.0.1.2", 5432, "/data/c",
                "m", "m", "s", "u", "up", 1.9, "");
        List<InstanceView> segments = List.of(
                new InstanceView("mirror", 2, 0, "sdw1", "sdw1", 6000, "/d/p0", "m", "p", "n", "d", null, null, null),
                new InstanceView("primary", 6, 0, "sdw2", "sdw2", 7000, "/d/m0", "p", "m", "n", "u", "up", 3.0, ""),
                new InstanceView("primary", 3, 1, "sdw1", "sdw1", 6001, "/d/p1", "p", "p", "s", "u", "up", 2.0, ""),
                new InstanceView("mirror", 7, 1, "sdw2", "sdw2", 7001, "/d/m1", "m", "m", "s", "u", null, null, null));
        List<DiskView> disks = List.of(
                new DiskView("sdw1", "/dev/sdb1", List.of(0, 1), 600L << 30, 1000L << 30, 40.0, "ok"),
                new DiskView("sdw2", "/dev/sdb1", List.of(0, 1), 180L << 30, 1000L << 30, 82.0, "warning"),
                new DiskView("sdw3", "/dev/sdb1", List.of(2), 5L << 30, null, null, "ok"));
        List<ConditionView> conditions = List.of(new ConditionView("segment-down/dbid=2", "segment-down", "critical",
                "2025-03-01T12:00:01Z", "mirror seg0 (dbid 2) on sdw1:6000 is down", "none", "run gprecoverseg -a"));
        return new ClusterStatus("prod", "2025-03-01T12:00:05Z", "controller", "degraded", "prod: degraded: ...",
                coordinator, standby, segments, new ReplicationView("streaming", "sync", 0L, 0.0, "none"), disks,
                conditions, List.of(new IncidentView("inc-1", "segment-down/dbid=2", "segment-down", "CRITICAL",
                        "2025-03-01T12:00:03Z", "mirror seg0 (dbid 2) on sdw1:6000 is down", 0)),
                new CatalogView("2025-03-01T12:00:04Z", true, null, "PostgreSQL 12 (Greenplum 7)"),
                new ControllerView("2025-03-01T11:00:00Z", 3605, 1, 4.2, 0, "127.0.0.1:9470"));
    }

    @Test
    void diskBarsShowTheUsedShare() {
        assertThat(StatusText.bar(0.0)).isEqualTo("[--------------------]   0 %");
        assertThat(StatusText.bar(50.0)).isEqualTo("[##########----------]  50 %");
        assertThat(StatusText.bar(82.0)).isEqualTo("[################----]  82 %");
        assertThat(StatusText.bar(100.0)).isEqualTo("[####################] 100 %");
        assertThat(StatusText.bar(null)).isEqualTo("[....................]    ?");
    }

    @Test
    void textShowsOnlyThePairsWithProblemsTheSkewDisksAndIncidents() {
        String text = StatusText.render(degraded());
        assertThat(text).startsWith("Cluster prod: DEGRADED   (2025-03-01T12:00:05Z)\n");
        assertThat(text).contains("Coordinator   cdw (127.0.1.1):5432       up (2 ms)");
        assertThat(text).contains("Standby       scdw (127.0.1.2):5432      up (2 ms), WAL sender streaming (sync), replay lag 0 B");
        assertThat(text).contains("Segments      2 contents, 2 primaries, 2 mirrored; 1 healthy");
        assertThat(text).contains("  0       2     sdw1:6000              m     p         down   nosync -");
        assertThat(text).contains("  0       6     sdw2:7000              p     m         up     nosync up");
        assertThat(text).doesNotContain("sdw1:6001");
        assertThat(text).contains("Primaries per host (now/preferred): sdw1 1/2, sdw2 1/0");
        assertThat(text).contains("  sdw2         /dev/sdb1        [################----]  82 % 180 GB free  WARNING");
        assertThat(text).contains("  sdw3         /dev/sdb1        [....................]    ? 5.0 GB free");
        assertThat(text).contains("  CRITICAL segment-down/dbid=2 since 2025-03-01T12:00:03Z: mirror seg0 (dbid 2)");
    }

    @Test
    void jsonRoundTripsAndMetricsComeFromTheSameStatus() {
        ClusterStatus s = degraded();
        assertThat(StatusJson.read(StatusJson.write(s))).isEqualTo(s);
        String metrics = PrometheusText.render(s);
        assertThat(metrics).contains("# TYPE gpwarden_instance_up gauge\n");
        assertThat(metrics).contains(
                "gpwarden_instance_up{cluster=\"prod\",kind=\"mirror\",content=\"0\",dbid=\"2\",host=\"sdw1\",port=\"6000\"} 0\n");
        assertThat(metrics).contains(
                "gpwarden_instance_up{cluster=\"prod\",kind=\"primary\",content=\"0\",dbid=\"6\",host=\"sdw2\",port=\"7000\"} 1\n");
        assertThat(metrics).contains("gpwarden_cluster_health{cluster=\"prod\",state=\"degraded\"} 1\n");
        assertThat(metrics).contains("gpwarden_segment_in_sync{cluster=\"prod\",content=\"0\"} 0\n");
        assertThat(metrics).contains("gpwarden_disk_used_ratio{cluster=\"prod\",host=\"sdw2\",device=\"/dev/sdb1\"} 0.820000\n");
        assertThat(metrics).contains("gpwarden_incidents_open{cluster=\"prod\",severity=\"critical\"} 1\n");
        assertThat(metrics).contains("gpwarden_probe_latency_seconds{cluster=\"prod\",kind=\"coordinator\",content=\"-1\",dbid=\"1\",host=\"cdw\",port=\"5432\"} 0.00240000\n");
        assertThat(metrics).contains("gpwarden_ticks_total{cluster=\"prod\"} 3605\n");
        for (String line : metrics.split("\n")) {
            assertThat(line).matches("(# (HELP|TYPE) .*|[a-z_]+\\{[^}]*\\} -?[0-9.e+-]+)");
        }
    }

    @Test
    void theStateFileIsReplacedWholeAndReadBack(@TempDir Path dir) throws Exception {
        StateFile file = new StateFile(dir.resolve("state"));
        assertThat(file.read()).isEmpty();
        file.write(new StateFile.ControllerState(degraded(), List.of()));
        file.write(new StateFile.ControllerState(degraded(), List.of()));
        assertThat(file.read().orElseThrow().status()).isEqualTo(degraded());
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("controller-state.json");
        }
        Files.writeString(file.path(), "{not json");
        org.assertj.core.api.Assertions.assertThatThrownBy(file::read).hasMessageContaining("damaged state file");
    }
}
