package io.gpwarden.testcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.fts.FtsSettings;
import io.gpwarden.testcluster.layout.ClusterLayout;
import io.gpwarden.testcluster.layout.ClusterSpec;
import io.gpwarden.testcluster.layout.Mirroring;
import io.gpwarden.testcluster.state.ClusterState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text of controller.yaml (the controller module's StandInConfigIT reads the real file with
 * the controller's own reader; here: what goes in, how it is quoted, and the password file's mode).
 */
class ControllerConfigFileTest {

    static ClusterState state(Path root, ClusterSpec spec) {
        return new ClusterState(ClusterState.VERSION, root.toString(), spec, "postgres", true, "gpadmin", "postgres",
                "/usr/lib/postgresql/15/bin", 24000, 25000, ClusterLayout.hostsFor(spec), List.of(),
                FtsSettings.standIn(), null, null, "2026-01-01T00:00:00Z");
    }

    @Test
    void namesTheCoordinatorAndStandbyByAddressAndEverythingElseInsideTheClusterDirectory() {
        Path root = Path.of("/tmp/c");
        List<String> lines = ControllerConfigFile.lines(state(root, ClusterSpec.defaults()));
        assertThat(String.join("\n", lines)).contains("""
                cluster:
                  name: "test-cluster"
                  coordinator:  # cdw
                    host: "127.0.1.1"
                    port: 24000
                  standby:  # scdw
                    host: "127.0.1.2"
                    port: 24000
                  database: "postgres"
                  user: "gpadmin"
                  password: "file:/tmp/c/db-password"
                ssh:
                  config_file: "/tmp/c/ssh/ssh_config"
                """).contains("""
                http:
                  bind: "127.0.0.1"
                  port: 0  #""").contains("state_directory: \"/tmp/c/controller\"");
        assertThat(lines).noneMatch(l -> l.startsWith("alerts:"));
    }

    @Test
    void noStandbyNoStandbySection() {
        List<String> lines = ControllerConfigFile.lines(state(Path.of("/tmp/c"),
                new ClusterSpec(1, 1, Mirroring.NONE, false, 0, false)));
        assertThat(lines).contains("  coordinator:  # cdw").noneMatch(l -> l.contains("standby"));
    }

    @Test
    void quotingSurvivesQuotesBackslashesAndColonsInTheDirectory() {
        assertThat(ControllerConfigFile.quote("/tmp/a \"b\"\\c: #d")).isEqualTo("\"/tmp/a \\\"b\\\"\\\\c: #d\"");
    }

    @Test
    void thePasswordFileIsOwnerOnlyAndHoldsThePasswordAlone(@TempDir Path root) throws Exception {
        ControllerConfigFile.write(state(root, ClusterSpec.defaults()), "s3cret:with:colons");
        Path password = root.resolve("db-password");
        assertThat(Files.readString(password)).isEqualTo("s3cret:with:colons\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
        assertThat(Files.readString(root.resolve("controller.yaml"))).doesNotContain("s3cret");
        try (var files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("db-password", "controller.yaml");
        }
    }
}
