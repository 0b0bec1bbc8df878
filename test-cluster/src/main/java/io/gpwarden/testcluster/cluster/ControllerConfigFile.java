package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.layout.ClusterLayout;
import io.gpwarden.testcluster.layout.HostPlan;
import io.gpwarden.testcluster.state.ClusterFiles;
import io.gpwarden.testcluster.state.ClusterState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A gpwarden controller configuration for the stand-in, written by {@code up} as
 * {@code DIR/controller.yaml}, so that {@code gpwarden status --config DIR/controller.yaml} and
 * {@code gpwarden controller run} work on it as they are. The test cluster cannot use the
 * controller's classes (the dependency runs the other way), so the file is written as text in the
 * keys docs/controller.md lists; the controller module's StandInConfigIT reads it with the real
 * reader.
 *
 * <p>What it says: the coordinator and standby by address and port (the emulated host names do
 * not resolve), the superuser with its password by reference to {@code DIR/db-password} (mode
 * 0600, owned by whoever ran {@code up}, who runs the controller), SSH through the cluster's own
 * ssh_config (strict host keys), disk reads every 30 s so a {@code disk-fill} shows quickly, HTTP
 * on 127.0.0.1 with a port the controller picks, its state inside DIR, and no alert channels (the
 * reader wants at least one channel in an {@code alerts:} section, so there is none). Values are
 * double-quoted YAML scalars, whatever characters DIR holds. No secret is written into it.
 */
public final class ControllerConfigFile {
    /** The cluster name in the file: in every log line, metric and alert of the controller. */
    public static final String CLUSTER_NAME = "test-cluster";

    private ControllerConfigFile() {
    }

    /** Writes the password file, then controller.yaml (each to a temporary name, then renamed). */
    public static void write(ClusterState state, String password) throws IOException {
        ClusterFiles files = state.files();
        writeAtomically(files.controllerPasswordFile(), password + "\n");
        writeAtomically(files.controllerConfig(), String.join("\n", lines(state)) + "\n");
    }

    /** The text of controller.yaml for {@code state}. */
    public static List<String> lines(ClusterState state) {
        ClusterFiles files = state.files();
        List<String> out = new ArrayList<>();
        out.add("# gpwarden controller configuration for the test cluster in " + files.root());
        out.add("# written by 'gpwarden test-cluster up'; every key is described in docs/controller.md");
        out.add("#   gpwarden status --config " + files.controllerConfig());
        out.add("#   gpwarden controller run --config " + files.controllerConfig());
        out.add("cluster:");
        out.add("  name: " + quote(CLUSTER_NAME));
        endpoint(out, "coordinator", state.host(ClusterLayout.COORDINATOR_HOST), state.coordinatorPort());
        // after gpactivatestandby the controller still looks for the coordinator on cdw: edit these two
        if (state.spec().standby()) {
            endpoint(out, "standby", state.host(ClusterLayout.STANDBY_HOST), state.coordinatorPort());
        }
        out.add("  database: " + quote(state.database()));
        out.add("  user: " + quote(state.superuser()));
        out.add("  password: " + quote("file:" + files.controllerPasswordFile()));
        out.add("ssh:");
        out.add("  config_file: " + quote(files.sshConfig().toString()));
        out.add("disk:");
        out.add("  interval: 30s  # production default 5m; 30s shows a disk-fill quickly");
        out.add("  timeout: 20s");
        out.add("http:");
        out.add("  bind: " + quote("127.0.0.1"));
        out.add("  port: 0  # a free port, recorded in the state directory for gpwarden status");
        out.add("state_directory: " + quote(files.controllerStateDirectory().toString()));
        out.add("# alerts: no channels here; add an 'alerts:' section (see controller/examples/controller.yaml)");
        return out;
    }

    private static void endpoint(List<String> out, String key, Optional<HostPlan> host, int port) {
        host.ifPresent(h -> {
            out.add("  " + key + ":  # " + h.name());
            out.add("    host: " + quote(h.address()));
            out.add("    port: " + port);
        });
    }

    /** A double-quoted YAML scalar. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Owner-only from the start (the password must never be readable by others, not even briefly). */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
