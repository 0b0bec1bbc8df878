package io.gpwarden.controller.e2e;

import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.config.ControllerConfigReader;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.junit.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * controller.yaml for a stand-in cluster, written to a file and read back through the real
 * reader, so the end-to-end tests run exactly what an operator's file would. Timings are the
 * production defaults except where a test must not wait minutes (disk every 2 s, flap window 5 s).
 * The benchmarks write theirs with the same pieces.
 */
public final class E2eConfig {
    private E2eConfig() {
    }

    /** A 0600 file holding {@code secret}, referenced as {@code file:...}. */
    public static Path secretFile(Path dir, String name, String secret) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, secret + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The {@code cluster:} section: coordinator, the standby if the stand-in has one, password from {@code passwordFile}. */
    public static String clusterSection(TestCluster cluster, String name, Path passwordFile)
            throws IOException, SQLException {
        SegmentRow standby = cluster.catalog().stream().filter(r -> r.content() == -1 && !r.isPrimary())
                .findFirst().orElse(null);
        return "cluster:\n"
                + "  name: " + name + "\n"
                + "  coordinator: {host: " + cluster.coordinator().address() + ", port: " + cluster.coordinator().port() + "}\n"
                + (standby == null ? "" : "  standby: {host: " + standby.address() + ", port: " + standby.port() + "}\n")
                + "  database: postgres\n"
                + "  user: " + cluster.user() + "\n"
                + "  password: file:" + passwordFile + "\n"
                + "  ssl_mode: disable\n";
    }

    /** Timings, with file system sizes from the capacity table ({@link #installCapacityTable}). */
    public static String timings() {
        return timings("  capacity_table: gpwarden.disk_capacity\n");
    }

    /** Timings; {@code diskExtra} is more of the {@code disk:} section (indented by two). */
    public static String timings(String diskExtra) {
        return """
                probes: {interval: 1s, timeout: 800ms, confirmations: 3}
                catalog: {interval: 1s, timeout: 900ms}
                disk:
                  interval: 2s
                  timeout: 1500ms
                  warning_percent: 80
                  critical_percent: 90
                  hysteresis_percent: 5
                  forecast_window: 10s
                  forecast_horizon: 1m
                """ + diskExtra + "http: {bind: 127.0.0.1, port: 0}\n";
    }

    /**
     * Sizes over SSH through the cluster's own ssh_config (what {@code test-cluster env} prints as
     * GPWARDEN_SSH_CONFIG). {@code idle_close: 1s} gives every disk read a fresh connection, as the
     * production defaults do (idle close 2 min, disk every 5 min).
     */
    public static String sshSection(TestCluster cluster) {
        return "ssh:\n  config_file: " + cluster.sshConfig() + "\n  idle_close: 1s\n";
    }

    /** Writes {@code dir/controller.yaml} and reads it back as the controller would. */
    public static ControllerConfig write(Path dir, String yaml) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("controller.yaml");
        Files.writeString(file, yaml);
        return ControllerConfigReader.read(file);
    }

    /** Installs gpwarden.disk_capacity on the coordinator (see docs/controller.md, "Disk"). */
    public static void installCapacityTable(TestCluster cluster) throws IOException, SQLException {
        String sql;
        try (InputStream in = E2eConfig.class.getResourceAsStream("disk_capacity.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
