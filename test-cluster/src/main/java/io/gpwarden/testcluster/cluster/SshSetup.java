package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.layout.ClusterLayout;
import io.gpwarden.testcluster.layout.HostPlan;
import io.gpwarden.testcluster.process.OsAccount;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.ssh.HostSshd;
import io.gpwarden.testcluster.ssh.SshClientFiles;
import io.gpwarden.testcluster.ssh.SshKeys;
import io.gpwarden.testcluster.state.ClusterFiles;
import io.gpwarden.testcluster.state.ClusterState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's SSH: one client key, one host key and sshd per emulated host, known_hosts and
 * ssh_config for clients, and each host's login environment.
 */
final class SshSetup {
    private final List<HostSshd> daemons;

    private SshSetup(List<HostSshd> daemons) {
        this.daemons = daemons;
    }

    static HostSshd sshdOf(ClusterState state, HostPlan h) {
        ClusterFiles files = state.files();
        return new HostSshd(h.name(), h.address(), state.sshPort(), files.hostSshDir(h.name()),
                files.logsDir().resolve("sshd-" + h.name() + ".log"));
    }

    /** What a session on {@code host} sees: the utilities on PATH and the coordinator's whereabouts. */
    static Map<String, String> environment(ClusterState state, HostPlan host) {
        ClusterFiles files = state.files();
        String coordinatorDir = ClusterLayout.coordinatorDataDirectory(files.root(), host.name()).toString();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", files.binDir() + ":" + state.pgBin() + ":/usr/local/bin:/usr/bin:/bin");
        env.put("COORDINATOR_DATA_DIRECTORY", coordinatorDir);
        env.put("MASTER_DATA_DIRECTORY", coordinatorDir);
        env.put("PGPORT", Integer.toString(state.coordinatorPort()));
        env.put("PGHOST", host.address());
        env.put("PGUSER", state.superuser());
        env.put("PGDATABASE", state.database());
        env.put("PGPASSFILE", files.passFile().toString());
        env.put("GPWARDEN_HOST", host.name());
        env.put("GPWARDEN_CLUSTER_DIR", files.root().toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    static SshSetup prepare(ClusterState state, ClusterFiles files, OsAccount account) throws IOException {
        String clientKey = SshKeys.generate(files.clientKey(), "gpwarden-test-cluster-client");
        Files.writeString(files.authorizedKeys(), clientKey + " gpwarden-test-cluster-client\n");
        Files.setPosixFilePermissions(files.authorizedKeys(), PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> hostKeys = new LinkedHashMap<>();
        List<HostSshd> daemons = new ArrayList<>();
        for (HostPlan h : state.hosts()) {
            HostSshd sshd = sshdOf(state, h);
            hostKeys.put(h.name(), sshd.prepare(account.name(), account.switchUser(), files.authorizedKeys(),
                    environment(state, h)));
            daemons.add(sshd);
        }
        SshClientFiles.write(files.knownHosts(), SshClientFiles.knownHostsLines(state.hosts(), state.sshPort(), hostKeys));
        SshClientFiles.write(files.sshConfig(), SshClientFiles.sshConfigLines(state.hosts(), state.sshPort(),
                account.name(), files.clientKey(), files.knownHosts()));
        Files.setPosixFilePermissions(files.knownHosts(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(files.sshConfig(), PosixFilePermissions.fromString("rw-r--r--"));
        return new SshSetup(daemons);
    }

    void startAll(ProcessLedger ledger) throws IOException {
        for (HostSshd d : daemons) {
            d.start(ledger);
        }
    }
}
