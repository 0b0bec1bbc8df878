package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.layout.ClusterLayout;
import io.gpwarden.testcluster.layout.ClusterSpec;
import io.gpwarden.testcluster.layout.HostPlan;
import io.gpwarden.testcluster.layout.InstancePlan;
import io.gpwarden.testcluster.postgres.NodeConfig;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.postgres.PostgresLauncher;
import io.gpwarden.testcluster.postgres.ServerSettings;
import io.gpwarden.testcluster.process.ClassPath;
import io.gpwarden.testcluster.process.ExternalCommand;
import io.gpwarden.testcluster.process.FreePorts;
import io.gpwarden.testcluster.process.OsAccount;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.state.ClusterFiles;
import io.gpwarden.testcluster.state.ClusterState;
import io.gpwarden.testcluster.state.ClusterStateFile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Brings a stand-in cluster up in a directory ({@code gpwarden test-cluster up}).
 *
 * <p>Steps: refuse if a live cluster runs there; stop what a crashed run left (only processes its
 * ledger recorded, verified by command line) and clear its files; choose free ports (one
 * coordinator port for cdw and scdw, one segment port base for every segment host, one SSH port);
 * initdb once and copy the template for all instances (mirrors and standby too: they share the
 * template's system identifier and start streaming from its checkpoint, which is what
 * pg_basebackup of a fresh primary would give, only faster); start coordinator and primaries,
 * install the catalog, start the replicas, wait until every pair streams, switch synchronous
 * replication on and mark the pairs in sync; write cluster.json, the utilities and the SSH
 * files; start one sshd per host and the supervised FTS daemon; optionally etcd and Kafka; write
 * controller.yaml for gpwarden's controller.
 *
 * <p>Everything started is recorded in the cluster's ledger before the next step, so a failure
 * at any point leaves nothing that {@code down} (or the next {@code up}) cannot stop.
 */
public final class ClusterLauncher {
    private static final List<String> OWN_ENTRIES = List.of("cluster.json", "cluster.json.tmp", "pgpass", "hosts", "run",
            "logs", "ssh", "bin", "lib", "etcd", "kafka", "controller.yaml", "controller.yaml.tmp", "db-password",
            "db-password.tmp", "controller");

    private final UpOptions options;
    private final OsAccount account = OsAccount.forThisJvm();
    private ClusterFiles files;
    private ProcessLedger ledger;

    public ClusterLauncher(UpOptions options) {
        this.options = options;
    }

    /** Brings the cluster up and returns a handle on it. */
    public RunningCluster up() throws IOException, SQLException {
        Instant started = Instant.now();
        ClusterSpec spec = options.spec().validate();
        options.fts().validate();
        this.files = new ClusterFiles(RuntimeDirectory.resolve(options.dir(), account, this::say));
        this.ledger = new ProcessLedger(files.ledgerDir());
        refuseIfLive();
        cleanLeftovers();
        prepareDirectories();
        try {
            return bringUp(spec, started);
        } catch (IOException | SQLException | RuntimeException e) {
            say("up failed: " + e.getMessage() + "; stopping what was started");
            ledger.stopAll(Duration.ofSeconds(10));
            throw e;
        }
    }

    private RunningCluster bringUp(ClusterSpec spec, Instant started) throws IOException, SQLException {
        List<HostPlan> hosts = ClusterLayout.hostsFor(spec);
        FreePorts ports = new FreePorts();
        List<InetAddress> coordinatorAddresses = addresses(hosts.stream()
                .filter(h -> h.name().equals(ClusterLayout.COORDINATOR_HOST) || h.name().equals(ClusterLayout.STANDBY_HOST)).toList());
        List<InetAddress> segmentAddresses = addresses(hosts.stream().filter(h -> h.name().startsWith("sdw")).toList());
        int coordinatorPort = ports.pickBlock(coordinatorAddresses, 0);
        int[] segmentOffsets = new int[Math.max(1, 2 * spec.primariesPerHost())];
        for (int k = 0; k < spec.primariesPerHost(); k++) {
            segmentOffsets[2 * k] = k;
            segmentOffsets[2 * k + 1] = 1000 + k;
        }
        int segmentBase = segmentAddresses.isEmpty() ? coordinatorPort + 1 : ports.pickBlock(segmentAddresses, segmentOffsets);
        int sshPort = ports.pickBlock(addresses(hosts), 0);
        ClusterLayout layout = ClusterLayout.plan(spec, files.root(), coordinatorPort, segmentBase);
        say("planned " + spec.instanceCount() + " PostgreSQL servers on " + hosts.size() + " hosts (" + spec.describe() + ")");

        ServerSettings settings = ServerSettings.defaults().withFsync(options.fsync());
        PostgresLauncher pg = PostgresLauncher.forCluster(files.postgresWorkDir(), settings, ledger, files.passFile(),
                options.stopAtJvmExit());
        ClusterState state = new ClusterState(ClusterState.VERSION, files.root().toString(), spec, account.name(),
                account.switchUser(), pg.access().superuser(), "postgres", pg.access().binaries().bin().toString(),
                coordinatorPort, sshPort, hosts, layout.instances(), options.fts(), null, null, started.toString());

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Path> template = pool.submit(pg::template);
            Future<ClassPath> lib = pool.submit(() -> {
                ClassPath cp = LibraryCopy.copy(files.libDir());
                LibraryCopy.writeScripts(files.binDir(), cp, files.root());
                return cp;
            });
            Future<SshSetup> ssh = pool.submit(() -> SshSetup.prepare(state, files, account));
            await(template);

            Map<Integer, PostgresInstance> servers = createInstances(pg, layout, pool);
            say("created data directories (" + servers.size() + " copies of one initdb)");
            List<InstancePlan> firstWave = layout.instances().stream().filter(InstancePlan::isPrimary).toList();
            List<InstancePlan> replicas = layout.instances().stream().filter(i -> !i.isPrimary()).toList();
            runAll(pool, firstWave, p -> servers.get(p.dbid()).start());
            say("started the coordinator and " + layout.primaries().size() + " primaries");
            ClusterStateFile.write(state);
            installCatalog(servers.get(1), layout);
            runAll(pool, replicas, p -> servers.get(p.dbid()).start());
            say("started " + replicas.size() + " mirrors and standby");
            ClusterAccess cluster = ClusterAccess.open(files.root());
            ReplicationSetup.syncAllPairs(cluster, Duration.ofSeconds(90));
            say("every pair streams; synchronous replication on");

            ClassPath cp = await(lib);
            SshSetup sshSetup = await(ssh);
            sshSetup.startAll(ledger);
            say("started " + hosts.size() + " sshd (port " + sshPort + " on each host address)");
            FtsLauncher.start(cluster, cp, ledger);
            say("started the FTS emulation");

            String etcd = null;
            String kafka = null;
            if (spec.etcdMembers() > 0) {
                etcd = Services.startEtcd(spec.etcdMembers(), files.etcdDir(), ledger);
                say("started etcd (" + spec.etcdMembers() + " member" + (spec.etcdMembers() > 1 ? "s" : "") + ") at " + etcd);
            }
            if (spec.kafka()) {
                kafka = Services.startKafka(files.kafkaDir(), ledger);
                say("started Kafka at " + kafka);
            }
            ClusterState complete = state.withServices(etcd, kafka);
            ClusterStateFile.write(complete);
            ControllerConfigFile.write(complete, pg.access().password());
            say("wrote a controller configuration: " + files.controllerConfig());
            Files.writeString(files.upCompleteMarker(), Instant.now() + "\n");
            say("up in " + Duration.between(started, Instant.now()).toMillis() / 1000.0 + " s");
            return RunningCluster.open(files.root(), options.stopAtJvmExit());
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<Integer, PostgresInstance> createInstances(PostgresLauncher pg, ClusterLayout layout, ExecutorService pool)
            throws IOException {
        Map<Integer, PostgresInstance> servers = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Integer, InstancePlan> primaryOf = new HashMap<>();
        layout.instances().stream().filter(InstancePlan::isPrimary).forEach(p -> primaryOf.put(p.content(), p));
        runAll(pool, layout.instances(), p -> {
            NodeConfig node;
            if (p.isPrimary()) {
                node = NodeConfig.primary(p.address(), p.port());
            } else {
                InstancePlan src = primaryOf.get(p.content());
                node = NodeConfig.replica(p.address(), p.port(), src.address(), src.port(), pg.access().superuser(),
                        ClusterAccess.WALRECEIVER_NAME).withExtra(Map.of("hot_standby", "off"));
            }
            Path datadir = Path.of(p.datadir());
            String name = files.hostsDir().relativize(datadir).toString();
            servers.put(p.dbid(), pg.create(name, datadir, node));
        });
        return servers;
    }

    private void installCatalog(PostgresInstance coordinator, ClusterLayout layout) throws SQLException {
        try (Connection c = coordinator.connect()) {
            Catalog.install(c);
            List<Catalog.Change> rows = new ArrayList<>();
            for (InstancePlan p : layout.instances()) {
                rows.add(Catalog.Change.put(SegmentRow.of(p, 'n'), null));
            }
            new Catalog(c).apply(rows);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO gp_configuration_history (\"time\", dbid, \"desc\") "
                        + "SELECT now(), dbid, 'gpinitsystem: initialized' FROM gp_segment_configuration");
            }
        }
        say("installed the catalog (gp_segment_configuration, gp_stat_replication, gp_toolkit.gp_disk_free, ...)");
    }

    /** A cluster whose up completed and that still has live processes is running: refuse. */
    private void refuseIfLive() throws IOException {
        List<ProcessLedger.Entry> live = ledger.live();
        if (!live.isEmpty() && Files.exists(files.upCompleteMarker())) {
            throw new IllegalArgumentException("a test cluster is already running in " + files.root() + " ("
                    + live.size() + " live processes); stop it first with: gpwarden test-cluster down --dir "
                    + options.dir() + " (or use another --dir)");
        }
    }

    /** Stops what a crashed or stopped run recorded (verified by command line) and deletes its files. */
    private void cleanLeftovers() throws IOException {
        int live = ledger.live().size();
        if (live > 0) {
            say("stopping " + live + " processes left by an earlier run that did not finish");
        }
        ledger.stopAll(Duration.ofSeconds(10));
        if (!Files.isDirectory(files.root())) {
            return;
        }
        for (String name : OWN_ENTRIES) {
            Path p = files.root().resolve(name);
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                ExternalCommand.run(List.of("rm", "-rf", "--one-file-system", p.toString()), Duration.ofMinutes(2)).orThrow();
            }
        }
    }

    private void prepareDirectories() throws IOException {
        Files.createDirectories(files.root());
        Files.setPosixFilePermissions(files.root(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p : List.of(files.hostsDir(), files.logsDir(), files.runDir(), files.ledgerDir())) {
            account.ownedDirectory(p);
        }
        Files.createDirectories(files.runDir().resolve("stopped"));
        for (Path p : List.of(files.sshDir(), files.binDir(), files.libDir())) {
            Files.createDirectories(p);
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static List<InetAddress> addresses(List<HostPlan> hosts) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (HostPlan h : hosts) {
            out.add(InetAddress.getByName(h.address()));
        }
        return out;
    }

    private void say(String line) {
        options.progress().println("gpwarden test-cluster: " + line);
    }

    /** A step that may throw. */
    interface Step<T> {
        void run(T item) throws Exception;
    }

    static <T> void runAll(ExecutorService pool, List<T> items, Step<T> step) throws IOException {
        List<Future<?>> fs = new ArrayList<>();
        for (T item : items) {
            fs.add(pool.submit((Callable<Void>) () -> {
                step.run(item);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            await(f);
        }
    }

    static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c.getMessage(), c);
        }
    }
}
