package io.gpwarden.testcluster.etcd;

import io.gpwarden.testcluster.process.DetachedProcess;
import io.gpwarden.testcluster.process.ExternalCommand;
import io.gpwarden.testcluster.process.FreePorts;
import io.gpwarden.testcluster.process.LauncherCleanup;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.process.ProcessTable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A one- or three-member etcd cluster of Debian's {@code /usr/bin/etcd}, on 127.0.0.1 with free
 * ports and its own data directories.
 *
 * <p>Timing: {@link #start} returns once every member answers {@code /health} with
 * {@code "health":"true"} (about 0.6 s for one member, 2.3 s for three); {@link #kill} returns
 * once the member process is gone; {@link #restart} returns once that member is healthy again
 * (it rejoins with its data directory). Every member is recorded in a {@link ProcessLedger};
 * {@link #close} and a JVM shutdown hook stop them by PID.
 *
 * <p>Optionally the members serve clients over TLS ({@link EtcdTls}: a test CA, server and client
 * certificates; with {@code requireClientCertificate}, etcd's {@code --client-cert-auth}), and
 * {@link #enableAuth} turns on etcd RBAC with a root user and {@link #addUser} adds users limited to
 * a key prefix. Peers always talk plain HTTP on 127.0.0.1. Health is read from each member's
 * plain-HTTP metrics port, so it works with TLS and auth alike. {@link #freeze} and {@link #thaw}
 * SIGSTOP and SIGCONT a member: its client port accepts connections and never answers, as an
 * unreachable host would.
 *
 * <p>Usage:
 * <pre>{@code
 * try (EtcdCluster etcd = EtcdCluster.start(3)) {
 *     String endpoints = etcd.endpoints();     // http://127.0.0.1:P1,http://127.0.0.1:P2,...
 *     etcd.kill(0);                            // kill -9 member 0; quorum remains
 *     etcd.restart(0);
 * }
 * }</pre>
 */
public final class EtcdCluster implements AutoCloseable {
    /** Health must be reached within this long (three members on a busy 2-core machine). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** One member: its name, ports, data directory and the command line that starts it. */
    public record Member(String name, int clientPort, int peerPort, int metricsPort, boolean tls, Path dataDirectory,
                         List<String> argv) {
        public String clientUrl() {
            return (tls ? "https" : "http") + "://127.0.0.1:" + clientPort;
        }

        /** Plain-HTTP {@code /health}, served whatever the client port's TLS and auth. */
        public String healthUrl() {
            return "http://127.0.0.1:" + metricsPort + "/health";
        }
    }

    private final Path directory;
    private final List<Member> members;
    private final ProcessLedger ledger;
    private final LauncherCleanup cleanup;
    private final EtcdTls tls;
    private final java.util.Set<Integer> frozen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile String rootPassword;

    private EtcdCluster(Path directory, boolean deleteOnClose, List<Member> members, ProcessLedger ledger,
                        boolean stopAtJvmExit, EtcdTls tls) {
        this.directory = directory;
        this.members = List.copyOf(members);
        this.ledger = ledger;
        this.tls = tls;
        this.cleanup = new LauncherCleanup("etcd", this::stopMembers, stopAtJvmExit, deleteOnClose ? directory : null);
    }

    /** Starts {@code size} (1 or 3) members in a temporary directory deleted on {@link #close}. */
    public static EtcdCluster start(int size) throws IOException {
        Path dir = Files.createTempDirectory("gpwarden-etcd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return start(size, dir, new ProcessLedger(dir.resolve("ledger")), true, true);
    }

    /**
     * Starts {@code size} (1 or 3) members serving clients over TLS with a fresh test CA
     * ({@link #tls()}); with {@code requireClientCertificate} they refuse clients without a
     * certificate that CA signed. Temporary directory deleted on {@link #close}.
     */
    public static EtcdCluster startWithTls(int size, boolean requireClientCertificate) throws IOException {
        Path dir = Files.createTempDirectory("gpwarden-etcd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        EtcdTls tls = EtcdTls.generate(dir.resolve("tls"));
        return start(size, dir, new ProcessLedger(dir.resolve("ledger")), true, true, tls, requireClientCertificate);
    }

    /**
     * Starts {@code size} (1 or 3) members with data under {@code directory}, recording them in
     * {@code ledger}. Used by the test cluster, which keeps one ledger for everything it starts;
     * with {@code stopAtJvmExit} false the members outlive this JVM.
     */
    public static EtcdCluster start(int size, Path directory, ProcessLedger ledger, boolean deleteOnClose,
                                    boolean stopAtJvmExit) throws IOException {
        return start(size, directory, ledger, deleteOnClose, stopAtJvmExit, null, false);
    }

    private static EtcdCluster start(int size, Path directory, ProcessLedger ledger, boolean deleteOnClose,
                                     boolean stopAtJvmExit, EtcdTls tls, boolean requireClientCertificate)
            throws IOException {
        if (size != 1 && size != 3) {
            throw new IllegalArgumentException("etcd members must be 1 or 3, not " + size);
        }
        Path etcd = Path.of(System.getenv().getOrDefault("GPWARDEN_ETCD", "/usr/bin/etcd"));
        if (!Files.isExecutable(etcd)) {
            throw new IllegalStateException(etcd + " not found: install the Debian package etcd-server "
                    + "(test-cluster/install-deps.sh) or set GPWARDEN_ETCD");
        }
        FreePorts ports = new FreePorts();
        List<int[]> portPairs = new ArrayList<>();
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            int c;
            int p;
            int m;
            do {
                c = ports.pick();
                p = ports.pick();
                m = ports.pick();
            } while (c == p || c == m || p == m || !used.add(c) || !used.add(p) || !used.add(m));
            portPairs.add(new int[] {c, p, m});
        }
        String token = "gpwarden-" + Long.toHexString(System.nanoTime());
        String initialCluster = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> "m" + i + "=http://127.0.0.1:" + portPairs.get(i)[1])
                .collect(Collectors.joining(","));
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = "m" + i;
            int client = portPairs.get(i)[0];
            int peer = portPairs.get(i)[1];
            int metrics = portPairs.get(i)[2];
            Path data = directory.resolve(name);
            String scheme = tls == null ? "http" : "https";
            List<String> argv = new ArrayList<>(List.of(etcd.toString(),
                    "--name", name,
                    "--data-dir", data.toString(),
                    "--listen-client-urls", scheme + "://127.0.0.1:" + client,
                    "--advertise-client-urls", scheme + "://127.0.0.1:" + client,
                    "--listen-metrics-urls", "http://127.0.0.1:" + metrics,
                    "--listen-peer-urls", "http://127.0.0.1:" + peer,
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                    "--initial-cluster", initialCluster,
                    "--initial-cluster-token", token,
                    "--initial-cluster-state", "new",
                    "--logger", "zap",
                    "--log-level", "warn"));
            if (tls != null) {
                argv.addAll(List.of("--cert-file", tls.serverCertFile().toString(),
                        "--key-file", tls.serverKeyFile().toString(),
                        "--trusted-ca-file", tls.caFile().toString()));
                if (requireClientCertificate) {
                    argv.add("--client-cert-auth");
                }
            }
            members.add(new Member(name, client, peer, metrics, tls != null, data, argv));
        }
        EtcdCluster cluster = new EtcdCluster(directory, deleteOnClose, members, ledger, stopAtJvmExit, tls);
        try {
            for (int i = 0; i < size; i++) {
                cluster.launch(i);
            }
            for (int i = 0; i < size; i++) {
                cluster.awaitHealthy(i);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch(int i) throws IOException {
        Member m = members.get(i);
        Files.createDirectories(directory);
        long pid = DetachedProcess.start(m.argv(), Map.of(), directory.resolve(m.name() + ".log"));
        ledger.recordProcess(ledgerName(i), pid, m.dataDirectory().toString());
    }

    private String ledgerName(int i) {
        return "etcd-" + members.get(i).name();
    }

    /** The client endpoints, comma-separated, as jetcd and etcdctl take them. */
    public String endpoints() {
        return members.stream().map(Member::clientUrl).collect(Collectors.joining(","));
    }

    public List<Member> members() {
        return members;
    }

    /** kill -9 member {@code i}; returns once it is gone. */
    public void kill(int i) throws IOException {
        Member m = members.get(i);
        frozen.remove(i);
        for (ProcessLedger.Entry e : ledger.entries()) {
            if (e.name().equals(ledgerName(i))) {
                ProcessTable.kill9(e.pid(), m.dataDirectory().toString());
                ProcessTable.awaitExit(e.pid(), Duration.ofSeconds(10));
            }
        }
    }

    /** SIGSTOP member {@code i}: its client port accepts connections and never answers (see {@link #thaw}). */
    public void freeze(int i) throws IOException {
        signal(i, "STOP");
        frozen.add(i);
    }

    /** SIGCONT member {@code i} after {@link #freeze}. */
    public void thaw(int i) throws IOException {
        signal(i, "CONT");
        frozen.remove(i);
    }

    private void signal(int i, String signal) throws IOException {
        for (ProcessLedger.Entry e : ledger.entries()) {
            if (e.name().equals(ledgerName(i)) && !ProcessTable.signal(e.pid(), members.get(i).dataDirectory().toString(),
                    signal)) {
                throw new IllegalStateException("could not send SIG" + signal + " to etcd member " + members.get(i).name());
            }
        }
    }

    /**
     * The index of the member that is the raft leader now, as {@code etcdctl endpoint status}
     * reports it (asked of the running members only).
     */
    public int leaderIndex() throws IOException {
        List<String> running = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (isRunning(i) && !frozen.contains(i)) {
                running.add(members.get(i).clientUrl());
            }
        }
        ExternalCommand.Result r = etcdctlAt(String.join(",", running), "endpoint", "status", "-w", "json").orThrow();
        com.fasterxml.jackson.databind.JsonNode statuses = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.output().substring(r.output().indexOf('[')));
        for (com.fasterxml.jackson.databind.JsonNode s : statuses) {
            com.fasterxml.jackson.databind.JsonNode status = s.get("Status");
            if (status.get("leader").asLong() == status.get("header").get("member_id").asLong()) {
                String endpoint = s.get("Endpoint").asText();
                for (int i = 0; i < members.size(); i++) {
                    if (members.get(i).clientUrl().equals(endpoint)) {
                        return i;
                    }
                }
            }
        }
        throw new IllegalStateException("no etcd member says it is the leader: " + r.output());
    }

    /** The TLS material clients need, when the cluster serves TLS. */
    public java.util.Optional<EtcdTls> tls() {
        return java.util.Optional.ofNullable(tls);
    }

    /**
     * Turns on etcd RBAC: creates {@code root} with {@code password} and enables authentication.
     * From then on {@link #etcdctl} authenticates as root.
     */
    public void enableAuth(String password) {
        etcdctl("user", "add", "root", "--new-user-password=" + password).orThrow();
        etcdctl("auth", "enable").orThrow();
        rootPassword = password;
    }

    /** Adds {@code user} with {@code password} and a role granting read-write on keys under {@code prefix}. */
    public void addUser(String user, String password, String prefix) {
        etcdctl("user", "add", user, "--new-user-password=" + password).orThrow();
        etcdctl("role", "add", user + "-role").orThrow();
        etcdctl("role", "grant-permission", user + "-role", "--prefix=true", "readwrite", prefix).orThrow();
        etcdctl("user", "grant-role", user, user + "-role").orThrow();
    }

    /**
     * Runs {@code etcdctl} (API v3) against every member, with the cluster's TLS files and, once
     * {@link #enableAuth} ran, as root.
     */
    public ExternalCommand.Result etcdctl(String... args) {
        return etcdctlAt(endpoints(), args);
    }

    private ExternalCommand.Result etcdctlAt(String endpoints, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getenv().getOrDefault("GPWARDEN_ETCDCTL", "/usr/bin/etcdctl")).toString(),
                "--endpoints=" + endpoints, "--command-timeout=10s", "--dial-timeout=5s"));
        if (tls != null) {
            argv.addAll(List.of("--cacert=" + tls.caFile(), "--cert=" + tls.clientCertFile(), "--key=" + tls.clientKeyFile()));
        }
        if (rootPassword != null) {
            argv.addAll(List.of("--user=root", "--password=" + rootPassword));
        }
        argv.addAll(List.of(args));
        return ExternalCommand.run(argv, Map.of("ETCDCTL_API", "3"), Duration.ofSeconds(30));
    }

    /** Starts member {@code i} again on its ports and data; returns once it is healthy. */
    public void restart(int i) throws IOException {
        if (isRunning(i)) {
            return;
        }
        launch(i);
        awaitHealthy(i);
    }

    /** Whether member {@code i}'s process runs. */
    public boolean isRunning(int i) throws IOException {
        for (ProcessLedger.Entry e : ledger.entries()) {
            if (e.name().equals(ledgerName(i))) {
                return e.livePid().isPresent();
            }
        }
        return false;
    }

    /** Whether member {@code i} answers {@code /health} with true. */
    public boolean isHealthy(int i) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(members.get(i).healthUrl()))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitHealthy(int i) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!isHealthy(i)) {
            if (!isRunning(i)) {
                throw new IllegalStateException("etcd member " + members.get(i).name() + " exited: " + logTail(i));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("etcd member " + members.get(i).name() + " not healthy after "
                        + START_TIMEOUT.toSeconds() + " s: " + logTail(i));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private String logTail(int i) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve(members.get(i).name() + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void stopMembers() throws IOException {
        for (int i : List.copyOf(frozen)) {
            thaw(i);
        }
        for (int i = 0; i < members.size(); i++) {
            for (ProcessLedger.Entry e : ledger.entries()) {
                if (e.name().equals(ledgerName(i))) {
                    ledger.stop(e, Duration.ofSeconds(5));
                }
            }
        }
    }

    /** Stops every member (SIGTERM, SIGKILL after 5 s) and deletes a temporary directory. */
    @Override
    public void close() {
        cleanup.closeQuietly();
    }
}
