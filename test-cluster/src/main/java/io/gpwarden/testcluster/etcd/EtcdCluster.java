package io.gpwarden.testcluster.etcd;

import io.gpwarden.testcluster.process.DetachedProcess;
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
    public record Member(String name, int clientPort, int peerPort, Path dataDirectory, List<String> argv) {
        public String clientUrl() {
            return "http://127.0.0.1:" + clientPort;
        }
    }

    private final Path directory;
    private final List<Member> members;
    private final ProcessLedger ledger;
    private final LauncherCleanup cleanup;

    private EtcdCluster(Path directory, boolean deleteOnClose, List<Member> members, ProcessLedger ledger,
                        boolean stopAtJvmExit) {
        this.directory = directory;
        this.members = List.copyOf(members);
        this.ledger = ledger;
        this.cleanup = new LauncherCleanup("etcd", this::stopMembers, stopAtJvmExit, deleteOnClose ? directory : null);
    }

    /** Starts {@code size} (1 or 3) members in a temporary directory deleted on {@link #close}. */
    public static EtcdCluster start(int size) throws IOException {
        Path dir = Files.createTempDirectory("gpwarden-etcd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return start(size, dir, new ProcessLedger(dir.resolve("ledger")), true, true);
    }

    /**
     * Starts {@code size} (1 or 3) members with data under {@code directory}, recording them in
     * {@code ledger}. Used by the test cluster, which keeps one ledger for everything it starts;
     * with {@code stopAtJvmExit} false the members outlive this JVM.
     */
    public static EtcdCluster start(int size, Path directory, ProcessLedger ledger, boolean deleteOnClose,
                                    boolean stopAtJvmExit) throws IOException {
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
            do {
                c = ports.pick();
                p = ports.pick();
            } while (c == p || !used.add(c) || !used.add(p));
            portPairs.add(new int[] {c, p});
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
            Path data = directory.resolve(name);
            List<String> argv = List.of(etcd.toString(),
                    "--name", name,
                    "--data-dir", data.toString(),
                    "--listen-client-urls", "http://127.0.0.1:" + client,
                    "--advertise-client-urls", "http://127.0.0.1:" + client,
                    "--listen-peer-urls", "http://127.0.0.1:" + peer,
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                    "--initial-cluster", initialCluster,
                    "--initial-cluster-token", token,
                    "--initial-cluster-state", "new",
                    "--logger", "zap",
                    "--log-level", "warn");
            members.add(new Member(name, client, peer, data, argv));
        }
        EtcdCluster cluster = new EtcdCluster(directory, deleteOnClose, members, ledger, stopAtJvmExit);
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
        for (ProcessLedger.Entry e : ledger.entries()) {
            if (e.name().equals(ledgerName(i))) {
                ProcessTable.kill9(e.pid(), m.dataDirectory().toString());
                ProcessTable.awaitExit(e.pid(), Duration.ofSeconds(10));
            }
        }
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
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(members.get(i).clientUrl() + "/health"))
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
