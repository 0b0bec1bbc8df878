package io.gpwarden.testcluster.ssh;

import io.gpwarden.testcluster.layout.HostPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the client side of the cluster's SSH: a known_hosts file and an ssh_config with one
 * {@code Host} entry per emulated host, so that {@code ssh -F ssh_config sdw1 gpstate -e} works
 * with strict host-key checking.
 *
 * <p>Each known_hosts line lists {@code [address]:port}, {@code [alias]:port} and the bare alias:
 * OpenSSH with {@code HostName} looks up the first, clients connecting by alias (or with
 * {@code HostKeyAlias}) the others, and sshj's {@code OpenSSHKnownHosts} matches the same
 * patterns for whatever host name it connected to.
 */
public final class SshClientFiles {
    private SshClientFiles() {
    }

    public static List<String> knownHostsLines(List<HostPlan> hosts, int port, Map<String, String> hostKeys) {
        List<String> lines = new ArrayList<>();
        for (HostPlan h : hosts) {
            String key = hostKeys.get(h.name());
            if (key != null) {
                lines.add("[" + h.address() + "]:" + port + ",[" + h.name() + "]:" + port + "," + h.name() + " " + key);
            }
        }
        return lines;
    }

    public static List<String> sshConfigLines(List<HostPlan> hosts, int port, String user, Path identity, Path knownHosts) {
        List<String> lines = new ArrayList<>();
        lines.add("# ssh -F <this file> <host> <command>: one entry per emulated host of the gpwarden test cluster");
        for (HostPlan h : hosts) {
            lines.add("Host " + h.name());
            lines.add("  HostName " + h.address());
            lines.add("  Port " + port);
            lines.add("  User " + user);
            lines.add("  IdentityFile " + identity);
            lines.add("  IdentitiesOnly yes");
            lines.add("  UserKnownHostsFile " + knownHosts);
            lines.add("  GlobalKnownHostsFile /dev/null");
            lines.add("  StrictHostKeyChecking yes");
            lines.add("  BatchMode yes");
            lines.add("  ConnectTimeout 10");
            lines.add("");
        }
        return lines;
    }

    public static void write(Path file, List<String> lines) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
