package io.gpwarden.testcluster.snmp;

import io.gpwarden.testcluster.process.DetachedProcess;
import io.gpwarden.testcluster.process.LauncherCleanup;
import io.gpwarden.testcluster.process.Pause;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.process.ProcessTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Debian's snmptrapd as the network management station of a test: a child process on a free
 * UDP port of 127.0.0.1, accepting v2c notifications for the given communities and SNMPv3
 * authPriv notifications from the given users, and logging each one it accepts in
 * {@link TrapLog}'s format. Its configuration is only what this class writes (no system
 * snmptrapd.conf, no MIBs, numeric OIDs).
 *
 * <p>Timing: {@link #start} returns once snmptrapd has bound its port and logged its start
 * (tens of milliseconds; up to {@link #START_TIMEOUT} on a busy machine); {@link #stop} returns
 * once the process is gone; {@link #start()} after a stop brings it back on the same port with the
 * same users and engine id (a v3 sender's discovered engine stays valid). What the process
 * accepted is in {@link #received()} across restarts, in arrival order. An INFORM is acknowledged
 * only when snmptrapd authenticated and decrypted it; what it cannot is neither logged nor
 * acknowledged, so a received v3 notification proves authPriv worked.
 *
 * <p>The process is recorded in a {@link ProcessLedger} (marked by its config file) and is stopped
 * by that PID on {@link #close} and at JVM exit ({@link LauncherCleanup}), never by name.
 *
 * <pre>{@code
 * try (SnmpTrapReceiver nms = SnmpTrapReceiver.start(List.of("public"),
 *         List.of(V3User.of("gpwarden", Auth.SHA_256, "auth-pass", Priv.AES_128, "priv-pass")))) {
 *     send an INFORM to 127.0.0.1:nms.port() ...
 *     List<ReceivedNotification> got = nms.await(n -> n.mentions(id), 1, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class SnmpTrapReceiver implements AutoCloseable {
    /** Starting must finish within this long (a loaded 2-core machine). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String LEDGER_NAME = "snmptrapd";
    private static final int START_ATTEMPTS = 3;

    /** SNMPv3 authentication protocols, as snmptrapd's {@code createUser} spells them. */
    public enum Auth {
        SHA_256("SHA-256"), SHA_384("SHA-384"), SHA_512("SHA-512");

        private final String netSnmpName;

        Auth(String netSnmpName) {
            this.netSnmpName = netSnmpName;
        }
    }

    /** SNMPv3 privacy protocols; AES-256 with the Blumenthal key extension, as net-snmp's {@code AES-256}. */
    public enum Priv {
        AES_128("AES"), AES_256("AES-256");

        private final String netSnmpName;

        Priv(String netSnmpName) {
            this.netSnmpName = netSnmpName;
        }
    }

    /**
     * A user allowed to send authPriv notifications.
     *
     * @param senderEngineId for TRAPs, the hex engine id of the sender (the authoritative engine of a
     *                       v3 TRAP), e.g. {@code 80007ed904677077617264656e}; empty for INFORMs,
     *                       where snmptrapd is the authoritative engine
     */
    public record V3User(String name, Auth auth, String authPassphrase, Priv priv, String privPassphrase,
                         Optional<String> senderEngineId) {
        public V3User {
            if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
                throw new IllegalArgumentException("user name must be 1..32 of [A-Za-z0-9_.-]: " + name);
            }
            for (String passphrase : List.of(authPassphrase, privPassphrase)) {
                if (passphrase.length() < 8 || !passphrase.matches("\\S+") || passphrase.contains("\"")) {
                    throw new IllegalArgumentException("passphrases of user " + name
                            + " must be at least 8 characters, without spaces or quotes");
                }
            }
            senderEngineId = senderEngineId.map(id -> id.toLowerCase(java.util.Locale.ROOT).replaceFirst("^0x", ""));
            if (senderEngineId.isPresent() && !senderEngineId.get().matches("([0-9a-f]{2}){5,32}")) {
                throw new IllegalArgumentException("engine id must be 5 to 32 bytes of hex: " + senderEngineId.get());
            }
        }

        /** A user for INFORMs (and for TRAPs from a sender whose engine id snmptrapd learns otherwise). */
        public static V3User of(String name, Auth auth, String authPassphrase, Priv priv, String privPassphrase) {
            return new V3User(name, auth, authPassphrase, priv, privPassphrase, Optional.empty());
        }

        /** The same user, for TRAPs from the engine {@code engineIdHex}. */
        public V3User sentFrom(String engineIdHex) {
            return new V3User(name, auth, authPassphrase, priv, privPassphrase, Optional.of(engineIdHex));
        }

        private List<String> configLines() {
            return List.of("createUser " + senderEngineId.map(id -> "-e 0x" + id + " ").orElse("") + name + " "
                            + auth.netSnmpName + " " + authPassphrase + " " + priv.netSnmpName + " " + privPassphrase,
                    "authUser log " + name + " priv");
        }

        @Override
        public String toString() {
            return "V3User[" + name + ", " + auth + ", " + priv + senderEngineId.map(id -> ", engine " + id).orElse("")
                    + "]";
        }
    }

    private final Path directory;
    private final ProcessLedger ledger;
    private final LauncherCleanup cleanup;
    private volatile int port;
    /** Starts so far: snmptrapd truncates its log file when it opens it, so every start logs to a new one. */
    private volatile int generation;

    private SnmpTrapReceiver(Path directory, boolean deleteOnClose) {
        this.directory = directory;
        this.ledger = new ProcessLedger(directory.resolve("ledger"));
        this.cleanup = new LauncherCleanup("snmptrapd", this::stop, true, deleteOnClose ? directory : null);
    }

    /** Starts in a temporary directory, deleted on {@link #close}. */
    public static SnmpTrapReceiver start(List<String> communities, List<V3User> users) throws IOException {
        Path dir = Files.createTempDirectory("gpwarden-snmptrapd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return start(dir, true, communities, users);
    }

    /** Starts with configuration, logs and persistent state in {@code directory}, which {@link #close} keeps. */
    public static SnmpTrapReceiver start(Path directory, List<String> communities, List<V3User> users)
            throws IOException {
        Files.createDirectories(directory);
        return start(directory, false, communities, users);
    }

    private static SnmpTrapReceiver start(Path directory, boolean deleteOnClose, List<String> communities,
                                          List<V3User> users) throws IOException {
        if (!Files.isExecutable(snmptrapd())) {
            throw new IllegalStateException(snmptrapd() + " not found: install the Debian package snmptrapd"
                    + " (test-cluster/install-deps.sh) or set GPWARDEN_SNMPTRAPD");
        }
        List<String> conf = new ArrayList<>();
        for (String community : communities) {
            if (!community.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("community must be [A-Za-z0-9_.-]+: " + community);
            }
            conf.add("authCommunity log " + community);
        }
        users.forEach(u -> conf.addAll(u.configLines()));
        SnmpTrapReceiver receiver = new SnmpTrapReceiver(directory, deleteOnClose);
        try {
            Files.write(receiver.configFile(), conf);
            Files.setPosixFilePermissions(receiver.configFile(), PosixFilePermissions.fromString("rw-------"));
            receiver.startOnFreePort();
        } catch (IOException | RuntimeException e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    private static Path snmptrapd() {
        return Path.of(System.getenv().getOrDefault("GPWARDEN_SNMPTRAPD", "/usr/sbin/snmptrapd"));
    }

    /** A port is only known free until somebody binds it: a start that finds it taken draws another. */
    private synchronized void startOnFreePort() throws IOException {
        for (int attempt = 1; ; attempt++) {
            port = FreeUdpPorts.pick();
            try {
                start();
                return;
            } catch (PortTakenException e) {
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
    }

    /** The UDP port on 127.0.0.1 notifications go to. */
    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    private Path configFile() {
        return directory.resolve("snmptrapd.conf");
    }

    private Path logOf(int g) {
        return directory.resolve("snmptrapd-" + g + ".log");
    }

    private Path output() {
        return directory.resolve("snmptrapd.out");
    }

    /** Starts snmptrapd again after {@link #stop} on the same port; does nothing while it runs. */
    public synchronized void start() throws IOException {
        if (isRunning()) {
            return;
        }
        generation++;
        Path log = logOf(generation);
        List<String> argv = List.of(snmptrapd().toString(), "-f", "-Lf", log.toString(), "-C", "-c",
                configFile().toString(), "-m", "", "-On", "-n", "-X", "-F", TrapLog.FORMAT, "udp:127.0.0.1:" + port);
        long pid = DetachedProcess.start(argv, Map.of("SNMP_PERSISTENT_DIR", directory.resolve("persist").toString()),
                output());
        ledger.recordProcess(LEDGER_NAME, pid, configFile().toString());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("NET-SNMP version"))) {
            if (!ProcessTable.isRunning(pid)) {
                ledger.forget(LEDGER_NAME);
                String out = Files.readString(output(), StandardCharsets.UTF_8);
                if (out.contains("Address already in use")) {
                    throw new PortTakenException("UDP port " + port + " is taken: " + out.strip());
                }
                throw new IllegalStateException("snmptrapd exited at start: " + out.strip());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("snmptrapd did not start within " + START_TIMEOUT.toSeconds()
                        + " s; output: " + Files.readString(output(), StandardCharsets.UTF_8).strip());
            }
            Pause.millis(20);
        }
    }

    /** Stops snmptrapd (SIGTERM, SIGKILL after 5 s) and returns once it is gone; nothing arrives until {@link #start()}. */
    public synchronized void stop() throws IOException {
        for (ProcessLedger.Entry e : ledger.entries()) {
            ledger.stop(e, Duration.ofSeconds(5));
        }
    }

    /** Stops and starts again on the same port. */
    public synchronized void restart() throws IOException {
        stop();
        start();
    }

    /** Whether the snmptrapd this receiver started is running. */
    public boolean isRunning() throws IOException {
        return pid().isPresent();
    }

    /** The PID of the running snmptrapd, if it runs. */
    public Optional<Long> pid() throws IOException {
        return ledger.entries().stream().flatMap(e -> e.livePid().stream()).findFirst();
    }

    /** Every notification accepted so far, over all starts, in arrival order. */
    public List<ReceivedNotification> received() throws IOException {
        return TrapLog.parse(logText());
    }

    /**
     * Waits until at least {@code count} received notifications match {@code which} or
     * {@code timeout} passed, then returns all that match (fewer on timeout: the caller asserts).
     */
    public List<ReceivedNotification> await(Predicate<ReceivedNotification> which, int count, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedNotification> hits = received().stream().filter(which).toList();
            if (hits.size() >= count || System.nanoTime() > deadline) {
                return hits;
            }
            Pause.millis(50);
        }
    }

    /** What snmptrapd logged, over all starts: to check that something (a password) never arrived. */
    public String logText() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int g = 1; g <= generation; g++) {
            if (Files.exists(logOf(g))) {
                text.append(Files.readString(logOf(g), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    /** Stops snmptrapd and deletes a temporary directory (a failed stop is reported on stderr). */
    @Override
    public void close() {
        cleanup.closeQuietly();
    }

    /** The port was taken between choosing it and binding it. */
    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
