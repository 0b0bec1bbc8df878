package io.gpwarden.testcluster.kafka;

import io.gpwarden.testcluster.process.ClassPath;
import io.gpwarden.testcluster.process.DetachedProcess;
import io.gpwarden.testcluster.process.ExternalCommand;
import io.gpwarden.testcluster.process.FreePorts;
import io.gpwarden.testcluster.process.LauncherCleanup;
import io.gpwarden.testcluster.process.Pause;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.process.ProcessTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A single-node Kafka KRaft broker (combined broker and controller) running the
 * {@code kafka_2.13} 4.3.1 jars of this module's runtime class path in a child JVM with
 * {@code -Xmx1g}, on 127.0.0.1 with two free ports.
 *
 * <p>Start-up is what the Kafka scripts do: {@code StorageTool random-uuid}, then
 * {@code StorageTool format}, then {@code kafka.Kafka server.properties}. Timing:
 * {@link #start} returns once the broker logged "Kafka Server started" (it has joined its own
 * controller quorum and is unfenced; about 3 s); {@link #kill} once the JVM is gone (kill -9);
 * {@link #restart} once the broker started again on the same ports and log directory, so
 * topics and committed data survive. The process is recorded in a {@link ProcessLedger};
 * {@link #close} and a JVM shutdown hook stop it by PID.
 *
 * <p>Usage:
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *     String bootstrap = kafka.bootstrapServers();     // 127.0.0.1:PORT
 *     kafka.kill();                                    // kill -9
 *     kafka.restart();                                 // same port and data
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String LEDGER_NAME = "kafka";

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final ProcessLedger ledger;
    private final List<String> serverCommand;
    private final LauncherCleanup cleanup;
    private long pid;

    private KafkaBroker(Path directory, boolean deleteOnClose, int port, int controllerPort,
                        ProcessLedger ledger, List<String> serverCommand, boolean stopAtJvmExit) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.ledger = ledger;
        this.serverCommand = List.copyOf(serverCommand);
        this.cleanup = new LauncherCleanup("Kafka", () -> {
            stop();
            ledger.forget(LEDGER_NAME);
        }, stopAtJvmExit, deleteOnClose ? directory : null);
    }

    /** Starts a broker in a temporary directory deleted on {@link #close}. */
    public static KafkaBroker start() throws IOException {
        Path dir = Files.createTempDirectory("gpwarden-kafka-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return start(dir, new ProcessLedger(dir.resolve("ledger")), true, true);
    }

    /**
     * Starts a broker with its files under {@code directory}, recorded in {@code ledger}; with
     * {@code stopAtJvmExit} false it outlives this JVM (the CLI's {@code up --with-kafka}).
     */
    public static KafkaBroker start(Path directory, ProcessLedger ledger, boolean deleteOnClose, boolean stopAtJvmExit)
            throws IOException {
        Files.createDirectories(directory);
        FreePorts ports = new FreePorts();
        int port = ports.pick();
        int controllerPort;
        do {
            controllerPort = ports.pick();
        } while (controllerPort == port);
        Path props = directory.resolve("server.properties");
        Files.write(props, serverProperties(port, controllerPort, directory.resolve("kraft-logs")));

        List<String> java = javaCommand();
        List<String> uuidCmd = new ArrayList<>(java);
        uuidCmd.addAll(List.of("kafka.tools.StorageTool", "random-uuid"));
        String uuid = lastLine(ExternalCommand.run(uuidCmd, Duration.ofMinutes(2)).orThrow().output());
        List<String> formatCmd = new ArrayList<>(java);
        formatCmd.addAll(List.of("kafka.tools.StorageTool", "format", "-t", uuid, "-c", props.toString()));
        ExternalCommand.run(formatCmd, Duration.ofMinutes(2)).orThrow();

        List<String> serverCmd = new ArrayList<>(java);
        serverCmd.addAll(List.of("kafka.Kafka", props.toString()));
        KafkaBroker broker = new KafkaBroker(directory, deleteOnClose, port, controllerPort, ledger, serverCmd,
                stopAtJvmExit);
        try {
            broker.launch();
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static List<String> javaCommand() {
        return List.of(ClassPath.javaExecutable().toString(), "-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", ClassPath.ofThisJvm().asArgument());
    }

    static List<String> serverProperties(int port, int controllerPort, Path logDirs) {
        return List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0");
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].trim();
    }

    private Path logFile() {
        return directory.resolve("broker.log");
    }

    private Path propertiesFile() {
        return directory.resolve("server.properties");
    }

    private void launch() throws IOException {
        long startOffset = Files.exists(logFile()) ? Files.size(logFile()) : 0;
        pid = DetachedProcess.start(serverCommand, Map.of(), logFile());
        ledger.recordProcess(LEDGER_NAME, pid, propertiesFile().toString());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!logSince(startOffset).contains("Kafka Server started")) {
            if (!ProcessTable.isRunning(pid)) {
                throw new IllegalStateException("Kafka broker exited during start-up; log " + logFile() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka broker not started after " + START_TIMEOUT.toSeconds()
                        + " s; log " + logFile() + ":\n" + tail());
            }
            Pause.millis(100);
        }
    }

    private String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(logFile());
        return offset >= all.length ? "" : new String(all, (int) offset, all.length - (int) offset,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The broker JVM's PID while it runs. */
    public Optional<Long> pid() {
        return ProcessTable.matches(pid, propertiesFile().toString()) ? Optional.of(pid) : Optional.empty();
    }

    public boolean isRunning() {
        return pid().isPresent();
    }

    /** kill -9 of the broker JVM; returns once it is gone. */
    public void kill() {
        ProcessTable.kill9(pid, propertiesFile().toString());
        ProcessTable.awaitExit(pid, Duration.ofSeconds(10));
    }

    /** Orderly stop (SIGTERM, SIGKILL after 20 s). */
    public void stop() {
        ProcessTable.stop(pid, propertiesFile().toString(), Duration.ofSeconds(20));
    }

    /** Stops the broker if it runs, then starts it on the same ports and log directory. */
    public void restart() throws IOException {
        stop();
        launch();
    }

    @Override
    public void close() {
        cleanup.closeQuietly();
    }
}
