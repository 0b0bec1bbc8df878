package io.gpwarden.testcluster.postgres;

import io.gpwarden.testcluster.process.ExternalCommand;
import io.gpwarden.testcluster.process.PostmasterPid;
import io.gpwarden.testcluster.process.ProcessTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One PostgreSQL server: a data directory, the address and port it listens on, and the
 * operations a test or a fault injector needs (start, stop, kill -9, restart, connect).
 *
 * <p>Timing: {@link #start} returns once the server accepts connections (pg_ctl -w, up to
 * {@link #START_TIMEOUT}); {@link #stop} once it has shut down (fast mode); {@link #kill} once the
 * postmaster and every child it had are gone, leaving {@code postmaster.pid} behind as a crash
 * does. The per-node settings live in the data directory ({@link NodeConfig}), so a later
 * process can start the same directory again with {@code pg_ctl -D}.
 *
 * <p>Usage:
 * <pre>{@code
 * try (PostgresLauncher pg = PostgresLauncher.inTempDirectory()) {
 *     PostgresInstance db = pg.start("db1");          // initdb once, copy, free port, start
 *     try (Connection c = db.connect()) { ... }
 *     db.kill();                                      // kill -9 the postmaster
 *     db.start();                                     // crash recovery, same port
 * }
 * }</pre>
 */
public final class PostgresInstance {
    /** How long a start may take on a busy 2-core machine before it counts as failed. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final PostgresAccess access;
    private final String name;
    private final Path dataDirectory;
    private final Path logFile;
    private volatile NodeConfig node;

    public PostgresInstance(PostgresAccess access, String name, Path dataDirectory, Path logFile, NodeConfig node) {
        this.access = access;
        this.name = name;
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.logFile = logFile.toAbsolutePath().normalize();
        this.node = node;
    }

    /** A handle on an existing data directory, with the per-node settings written in it. */
    public static PostgresInstance existing(PostgresAccess access, Path dataDirectory) throws IOException {
        Path d = dataDirectory.toAbsolutePath().normalize();
        return new PostgresInstance(access, d.getFileName().toString(), d, d.resolveSibling(d.getFileName() + ".log"),
                NodeConfig.read(d));
    }

    public String name() {
        return name;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path logFile() {
        return logFile;
    }

    public String address() {
        return node.listenAddress();
    }

    public int port() {
        return node.port();
    }

    public NodeConfig nodeConfig() {
        return node;
    }

    public PostgresAccess access() {
        return access;
    }

    /** Rewrites the per-node settings in the data directory (the server must be stopped or reloaded). */
    public void configure(NodeConfig newNode) throws IOException {
        newNode.apply(dataDirectory);
        for (String f : List.of("postgresql.conf", "postgresql.auto.conf", "standby.signal")) {
            Path p = dataDirectory.resolve(f);
            if (Files.exists(p)) {
                access.account().giveTo(p);
            }
        }
        this.node = newNode;
    }

    /** Starts the server and waits until it accepts connections. */
    public void start() {
        removeStaleLockFile();
        ExternalCommand.Result r = ExternalCommand.run(
                access.asAccount("pg_ctl", "-D", dataDirectory.toString(), "-l", logFile.toString(),
                        "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "start"),
                access.environment(), START_TIMEOUT.plusSeconds(10));
        if (!r.ok()) {
            throw new IllegalStateException("could not start PostgreSQL " + name + " at " + address() + ":" + port()
                    + " (" + dataDirectory + "): " + r.output().strip() + "\n--- end of " + logFile + " ---\n" + logTail());
        }
    }

    /**
     * Deletes a {@code postmaster.pid} left by a killed postmaster. PostgreSQL removes a stale
     * lock file itself unless its PID still exists, and a killed postmaster's PID exists as a
     * zombie until init reaps it (which some container inits do only every few seconds).
     */
    public void removeStaleLockFile() {
        Optional<Long> recorded = PostmasterPid.read(dataDirectory);
        if (recorded.isPresent() && !ProcessTable.matches(recorded.get(), dataDirectory.toString())) {
            try {
                Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove stale " + dataDirectory.resolve("postmaster.pid"), e);
            }
        }
    }

    /** Whether the last failed start failed because its port was taken. */
    public boolean portWasTaken() {
        return logTail().contains("Address already in use");
    }

    /** Fast shutdown; returns when the server is down. No-op when it is not running. */
    public void stop() {
        if (pid().isEmpty()) {
            return;
        }
        ExternalCommand.Result r = ExternalCommand.run(
                access.asAccount("pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop"),
                access.environment(), Duration.ofSeconds(70));
        if (!r.ok() && pid().isPresent()) {
            kill();
        }
    }

    /**
     * kill -9 of the postmaster, as a crash would do it; returns when the postmaster and the
     * children it had are gone (so the same directory can be started again at once).
     */
    public void kill() {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return;
        }
        List<Long> children = ProcessTable.descendants(pid.get());
        ProcessTable.kill9(pid.get(), dataDirectory.toString());
        ProcessTable.awaitExit(pid.get(), Duration.ofSeconds(10));
        for (long c : children) {
            ProcessTable.awaitExit(c, Duration.ofSeconds(10));
        }
    }

    /** Stop (fast) then start. */
    public void restart() {
        stop();
        start();
    }

    /** The live postmaster PID, verified against this data directory. */
    public Optional<Long> pid() {
        return PostmasterPid.live(dataDirectory);
    }

    public boolean isRunning() {
        return pid().isPresent();
    }

    /** {@code jdbc:postgresql://address:port/postgres}. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + address() + ":" + port() + "/" + database;
    }

    /** A new connection to database {@code postgres} as the superuser. */
    public Connection connect() throws SQLException {
        return connect("postgres");
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", access.superuser());
        p.setProperty("password", access.password());
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "gpwarden-test-cluster");
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** The last lines of the server log, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    @Override
    public String toString() {
        return "PostgresInstance[" + name + " " + address() + ":" + port() + " " + dataDirectory + "]";
    }
}
