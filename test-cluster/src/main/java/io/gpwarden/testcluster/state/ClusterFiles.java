package io.gpwarden.testcluster.state;

import java.nio.file.Path;

/**
 * Where a stand-in cluster keeps its files inside its directory ({@code --dir}, default
 * {@code .gpwarden/cluster}). Every command and every utility finds the others through these
 * names, so they are the contract between processes.
 *
 * <pre>
 * cluster.json           the state written by up (hosts, ports, initial instances, settings)
 * pgpass                 superuser password, 0600, owned by the database account
 * controller.yaml        a gpwarden controller configuration for this cluster
 * db-password            the superuser's password alone, 0600, owned by whoever ran up (for controller.yaml)
 * controller/            controller.yaml's state directory
 * ssh/                   client key, known_hosts, ssh_config; hosts/&lt;h&gt;/ host key and sshd_config
 * bin/                   the gp utilities (wrapper scripts), on every host's PATH
 * lib/                   the jars the utilities and the FTS daemon run from
 * hosts/&lt;h&gt;/data/       each emulated host's disk: coordinator/, primary/, mirror/
 * logs/                  server, sshd, FTS and utility logs
 * run/ledger/            one file per started process (see ProcessLedger)
 * run/pg/                the initdb template
 * run/stopped/&lt;h&gt;       present while stop-host holds host h down (lists what to restart)
 * run/up-complete        written when up finished; a cluster without it is a crashed up's leftovers
 * etcd/, kafka/          data of the optional services
 * </pre>
 */
public record ClusterFiles(Path root) {

    public ClusterFiles {
        root = root.toAbsolutePath().normalize();
    }

    public Path stateFile() {
        return root.resolve("cluster.json");
    }

    public Path passFile() {
        return root.resolve("pgpass");
    }

    public Path sshDir() {
        return root.resolve("ssh");
    }

    public Path clientKey() {
        return sshDir().resolve("id_ed25519");
    }

    public Path authorizedKeys() {
        return sshDir().resolve("authorized_keys");
    }

    public Path knownHosts() {
        return sshDir().resolve("known_hosts");
    }

    public Path sshConfig() {
        return sshDir().resolve("ssh_config");
    }

    public Path hostSshDir(String host) {
        return sshDir().resolve("hosts").resolve(host);
    }

    /** A gpwarden controller configuration for this cluster (see ControllerConfigFile). */
    public Path controllerConfig() {
        return root.resolve("controller.yaml");
    }

    /** The superuser's password alone, 0600, owned by whoever ran up: controller.yaml's {@code file:} secret. */
    public Path controllerPasswordFile() {
        return root.resolve("db-password");
    }

    /** controller.yaml's state_directory: the controller's state file and alert outbox. */
    public Path controllerStateDirectory() {
        return root.resolve("controller");
    }

    public Path binDir() {
        return root.resolve("bin");
    }

    public Path libDir() {
        return root.resolve("lib");
    }

    public Path hostsDir() {
        return root.resolve("hosts");
    }

    public Path hostRoot(String host) {
        return hostsDir().resolve(host);
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    public Path runDir() {
        return root.resolve("run");
    }

    public Path ledgerDir() {
        return runDir().resolve("ledger");
    }

    public Path postgresWorkDir() {
        return runDir().resolve("pg");
    }

    /** Written as the last step of a successful up: without it, live processes are a crashed up's leftovers. */
    public Path upCompleteMarker() {
        return runDir().resolve("up-complete");
    }

    public Path stoppedMarker(String host) {
        return runDir().resolve("stopped").resolve(host);
    }

    public Path etcdDir() {
        return root.resolve("etcd");
    }

    public Path kafkaDir() {
        return root.resolve("kafka");
    }

    /** The host whose disk holds {@code datadir} (under hosts/&lt;h&gt;/), if any. */
    public java.util.Optional<String> hostOf(Path datadir) {
        Path d = datadir.toAbsolutePath().normalize();
        Path hosts = hostsDir();
        if (!d.startsWith(hosts) || d.getNameCount() <= hosts.getNameCount()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(d.getName(hosts.getNameCount()).toString());
    }
}
