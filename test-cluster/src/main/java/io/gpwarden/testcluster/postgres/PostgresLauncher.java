package io.gpwarden.testcluster.postgres;

import io.gpwarden.testcluster.process.ExternalCommand;
import io.gpwarden.testcluster.process.FreePorts;
import io.gpwarden.testcluster.process.LauncherCleanup;
import io.gpwarden.testcluster.process.OsAccount;
import io.gpwarden.testcluster.process.ProcessLedger;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Creates and starts PostgreSQL servers for tests.
 *
 * <p>initdb runs once per launcher (about 1.5 s, the slow part) into a template directory; every
 * instance is a copy of it, so the tenth instance costs a copy, not an initdb. The superuser is
 * {@code gpadmin} with a generated password, kept in a 0600 pgpass file owned by the database
 * account; password (SCRAM) authentication is required for every connection, local or not. When
 * the JVM is root the servers run as {@code postgres} ({@link OsAccount}).
 *
 * <p>Every started instance is recorded in a {@link ProcessLedger}; {@link #close} and a JVM
 * shutdown hook stop them all, by PID, and a launcher created over the same directory later
 * (after a crash) stops what the crashed run left.
 *
 * <p>Usage:
 * <pre>{@code
 * try (PostgresLauncher pg = PostgresLauncher.inTempDirectory()) {
 *     PostgresInstance db = pg.start("orders");
 *     String url = db.jdbcUrl();                       // jdbc:postgresql://127.0.0.1:PORT/postgres
 *     String user = pg.access().superuser();           // gpadmin
 *     String password = pg.access().password();
 *     db.kill(); db.start(); db.restart(); db.stop();
 * }
 * }</pre>
 */
public final class PostgresLauncher implements AutoCloseable {
    public static final String SUPERUSER = "gpadmin";

    private final Path workDirectory;
    private final ServerSettings settings;
    private final PostgresAccess access;
    private final ProcessLedger ledger;
    private final FreePorts ports = new FreePorts();
    private final LauncherCleanup cleanup;
    private Path template;

    private PostgresLauncher(Path workDirectory, boolean deleteOnClose, ServerSettings settings,
                             PostgresAccess access, ProcessLedger ledger, boolean stopAllAtJvmExit) {
        this.workDirectory = workDirectory;
        this.settings = settings;
        this.access = access;
        this.ledger = ledger;
        this.cleanup = new LauncherCleanup("PostgreSQL servers", this::stopAll, stopAllAtJvmExit,
                deleteOnClose ? workDirectory : null);
    }

    /** A launcher in a fresh temporary directory, deleted on {@link #close}. */
    public static PostgresLauncher inTempDirectory() throws IOException {
        return inTempDirectory(ServerSettings.defaults());
    }

    public static PostgresLauncher inTempDirectory(ServerSettings settings) throws IOException {
        Path dir = Files.createTempDirectory("gpwarden-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return create(dir, true, settings);
    }

    /**
     * A launcher working in {@code workDirectory} (created if needed; its ancestors must be
     * searchable by the database account). Whatever an earlier launcher there left running is
     * stopped first.
     */
    public static PostgresLauncher inDirectory(Path workDirectory, ServerSettings settings) throws IOException {
        return create(workDirectory.toAbsolutePath().normalize(), false, settings);
    }

    private static PostgresLauncher create(Path dir, boolean deleteOnClose, ServerSettings settings) throws IOException {
        OsAccount account = OsAccount.forThisJvm();
        Files.createDirectories(dir);
        checkReachable(account, dir);
        String password = generatePassword();
        Path passFile = dir.resolve("pgpass");
        account.writeSecret(passFile, PostgresAccess.passFileLine(SUPERUSER, password));
        PostgresAccess access = new PostgresAccess(PostgresBinaries.find(), account, SUPERUSER, password, passFile);
        ProcessLedger ledger = new ProcessLedger(dir.resolve("ledger"));
        ledger.stopAll(Duration.ofSeconds(10));
        return new PostgresLauncher(dir, deleteOnClose, settings, access, ledger, true);
    }

    /**
     * A launcher for a test cluster: template under {@code workDirectory}, a new password in
     * {@code passFile}, instances recorded in the cluster's {@code ledger}. With
     * {@code stopAllAtJvmExit} false the servers outlive this JVM (the CLI's {@code up}).
     */
    public static PostgresLauncher forCluster(Path workDirectory, ServerSettings settings, ProcessLedger ledger,
                                              Path passFile, boolean stopAllAtJvmExit) throws IOException {
        OsAccount account = OsAccount.forThisJvm();
        Files.createDirectories(workDirectory);
        checkReachable(account, workDirectory);
        String password = generatePassword();
        account.writeSecret(passFile, PostgresAccess.passFileLine(SUPERUSER, password));
        PostgresAccess access = new PostgresAccess(PostgresBinaries.find(), account, SUPERUSER, password, passFile);
        return new PostgresLauncher(workDirectory, false, settings, access, ledger, stopAllAtJvmExit);
    }

    private static void checkReachable(OsAccount account, Path dir) throws IOException {
        if (!account.canTraverse(dir)) {
            throw new IllegalArgumentException("the " + account.name() + " account cannot reach " + dir
                    + " (an ancestor is not searchable by others); use a directory under /tmp or /var/tmp");
        }
    }

    /** 24 random bytes, URL-safe base64: no quoting trouble in conninfo or pgpass. */
    public static String generatePassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public PostgresAccess access() {
        return access;
    }

    public ProcessLedger ledger() {
        return ledger;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    /** Creates (copying the template) and starts instance {@code name} on 127.0.0.1 and a free port. */
    public PostgresInstance start(String name) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        Path datadir = workDirectory.resolve("data").resolve(name);
        PostgresInstance instance = create(name, datadir, NodeConfig.primary(lo.getHostAddress(), ports.pick(lo)));
        startOnFreePort(instance, lo);
        return instance;
    }

    /**
     * Starts {@code instance}; when its port turned out to be taken meanwhile, moves it to another
     * free port on {@code address} and tries again (up to five times).
     */
    public void startOnFreePort(PostgresInstance instance, InetAddress address) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                instance.start();
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 5 || !instance.portWasTaken()) {
                    throw e;
                }
                instance.configure(new NodeConfig(instance.address(), ports.pick(address),
                        instance.nodeConfig().primaryConninfo(), instance.nodeConfig().extra()));
            }
        }
    }

    /**
     * Creates a stopped instance at {@code datadir} (which must not exist) as a copy of the
     * template, with {@code node}'s settings, recorded in the ledger. Its log goes to
     * {@code datadir}'s sibling {@code <name>.log}.
     */
    public PostgresInstance create(String name, Path datadir, NodeConfig node) throws IOException {
        Path tpl = template();
        datadir = datadir.toAbsolutePath().normalize();
        if (Files.exists(datadir)) {
            throw new IllegalStateException("data directory already exists: " + datadir);
        }
        ensureParents(datadir.getParent());
        ExternalCommand.run(access.account().command(List.of("cp", "-a", tpl.toString(), datadir.toString())),
                Duration.ofMinutes(2)).orThrow();
        Path log = datadir.resolveSibling(datadir.getFileName() + ".log");
        PostgresInstance instance = new PostgresInstance(access, name, datadir, log, node);
        instance.configure(node);
        ledger.recordPostgres(ledgerName(name), datadir);
        return instance;
    }

    /** An instance object for a data directory that exists already (for example made by pg_basebackup). */
    public PostgresInstance adopt(String name, Path datadir, NodeConfig node) throws IOException {
        datadir = datadir.toAbsolutePath().normalize();
        Path log = datadir.resolveSibling(datadir.getFileName() + ".log");
        PostgresInstance instance = new PostgresInstance(access, name, datadir, log, node);
        instance.configure(node);
        ledger.recordPostgres(ledgerName(name), datadir);
        return instance;
    }

    public static String ledgerName(String name) {
        return "pg-" + name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** Makes sure the database account owns {@code dir} and every missing ancestor it creates. */
    private void ensureParents(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            access.account().ownedDirectory(p);
        }
    }

    /** The initdb'd template directory, made on first use. */
    public synchronized Path template() throws IOException {
        if (template != null) {
            return template;
        }
        Path tpl = workDirectory.resolve("template");
        if (Files.exists(tpl)) {
            ExternalCommand.run(List.of("rm", "-rf", tpl.toString()), Duration.ofMinutes(1)).orThrow();
        }
        access.account().ownedDirectory(tpl);
        Path pwfile = workDirectory.resolve("initdb.pw");
        access.account().writeSecret(pwfile, access.password() + "\n");
        try {
            ExternalCommand.run(access.asAccount("initdb", "-D", tpl.toString(), "-U", access.superuser(),
                    "--pwfile=" + pwfile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C",
                    "--data-checksums", "--no-sync", "--no-instructions"),
                    access.environment(), Duration.ofMinutes(3)).orThrow();
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.write(tpl.resolve("postgresql.conf"), settings.lines(), java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(tpl.resolve("pg_hba.conf"), String.join("\n",
                "# gpwarden test cluster: password (SCRAM) authentication for everyone, local or not",
                "local   all          all                 scram-sha-256",
                "host    all          all   127.0.0.0/8   scram-sha-256",
                "host    replication  all   127.0.0.0/8   scram-sha-256",
                ""));
        template = tpl;
        return tpl;
    }

    /** Stops every instance this launcher (or a crashed one in the same directory) started. */
    public void stopAll() throws IOException {
        ledger.stopAll(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws IOException {
        cleanup.close();
    }
}
