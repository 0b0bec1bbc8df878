package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.layout.InstancePlan;
import io.gpwarden.testcluster.postgres.NodeConfig;
import io.gpwarden.testcluster.postgres.PostgresAccess;
import io.gpwarden.testcluster.postgres.PostgresBinaries;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.process.OsAccount;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.state.ClusterFiles;
import io.gpwarden.testcluster.state.ClusterState;
import io.gpwarden.testcluster.state.ClusterStateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Everything a command, a utility or the FTS daemon needs to reach a running stand-in cluster:
 * its state file, the superuser's password (from the pgpass file), connections to instances,
 * and which instance is the acting coordinator.
 *
 * <p>The acting coordinator is found, not remembered: among the coordinator-side instances (those
 * {@code up} made, plus any gpinitstandby added, listed in {@code run/coordinators}) it is the one
 * that accepts connections and is not in recovery. Should two answer (an old coordinator brought
 * back after gpactivatestandby: a split brain), the one on the higher timeline wins, since it was
 * promoted later.
 */
public final class ClusterAccess {
    /** Replicas stream under this name, as Greenplum's mirrors and standby do. */
    public static final String WALRECEIVER_NAME = "gp_walreceiver";

    private final ClusterState state;
    private final ClusterFiles files;
    private final PostgresAccess access;

    private ClusterAccess(ClusterState state, PostgresAccess access) {
        this.state = state;
        this.files = state.files();
        this.access = access;
    }

    /** Opens the cluster in {@code dir} (its cluster.json and pgpass). */
    public static ClusterAccess open(Path dir) throws IOException {
        ClusterState state = ClusterStateFile.read(dir);
        String password = readPassword(state.files().passFile(), state.superuser());
        OsAccount account = new OsAccount(state.osAccount(), state.switchUser()
                && "root".equals(System.getProperty("user.name")));
        PostgresAccess access = new PostgresAccess(new PostgresBinaries(Path.of(state.pgBin())), account,
                state.superuser(), password, state.files().passFile());
        return new ClusterAccess(state, access);
    }

    static String readPassword(Path passFile, String user) throws IOException {
        for (String line : Files.readAllLines(passFile)) {
            List<String> fields = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else if (c == ':') {
                    fields.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            fields.add(cur.toString());
            if (fields.size() == 5 && fields.get(3).equals(user)) {
                return fields.get(4);
            }
        }
        throw new IllegalStateException("no password for " + user + " in " + passFile);
    }

    public ClusterState state() {
        return state;
    }

    public ClusterFiles files() {
        return files;
    }

    public PostgresAccess access() {
        return access;
    }

    public ProcessLedger ledger() {
        return new ProcessLedger(files.ledgerDir());
    }

    /** A connection to {@code address:port}, database of the cluster, as the superuser. */
    public Connection connect(String address, int port, int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", access.superuser());
        p.setProperty("password", access.password());
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("socketTimeout", Integer.toString(Math.max(timeoutSeconds, 30)));
        p.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("ApplicationName", "gpwarden-test-cluster");
        return DriverManager.getConnection("jdbc:postgresql://" + address + ":" + port + "/" + state.database(), p);
    }

    /** One place a coordinator may run. */
    public record Endpoint(String hostname, String address, int port, String datadir) {
    }

    /** Every coordinator-side instance ever made for this cluster. */
    public List<Endpoint> coordinatorCandidates() throws IOException {
        Set<Endpoint> out = new LinkedHashSet<>();
        for (InstancePlan p : state.instances()) {
            if (p.content() == -1) {
                out.add(new Endpoint(p.hostname(), p.address(), p.port(), p.datadir()));
            }
        }
        Path extra = files.runDir().resolve("coordinators");
        if (Files.exists(extra)) {
            for (String line : Files.readAllLines(extra)) {
                String[] f = line.split("\\|");
                if (f.length == 4) {
                    out.add(new Endpoint(f[0], f[1], Integer.parseInt(f[2]), f[3]));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Records a coordinator-side instance made after up (gpinitstandby). */
    public void addCoordinatorCandidate(Endpoint e) throws IOException {
        Path extra = files.runDir().resolve("coordinators");
        String line = e.hostname() + "|" + e.address() + "|" + e.port() + "|" + e.datadir() + "\n";
        Files.writeString(extra, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The acting coordinator, if one accepts connections (see the class comment). */
    public Optional<Endpoint> actingCoordinator() throws IOException {
        Endpoint best = null;
        long bestTimeline = -1;
        for (Endpoint e : coordinatorCandidates()) {
            try (Connection c = connect(e.address(), e.port(), 3); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), timeline_id FROM pg_control_checkpoint()")) {
                rs.next();
                if (!rs.getBoolean(1) && rs.getLong(2) > bestTimeline) {
                    best = e;
                    bestTimeline = rs.getLong(2);
                }
            } catch (SQLException ignored) {
                // not up, or a standby that refuses connections: not the acting coordinator
            }
        }
        return Optional.ofNullable(best);
    }

    /** A connection to the acting coordinator, or an error naming every place that was tried. */
    public Connection connectCoordinator() throws IOException, SQLException {
        Optional<Endpoint> e = actingCoordinator();
        if (e.isEmpty()) {
            throw new SQLException("no coordinator accepts connections (tried "
                    + coordinatorCandidates().stream().map(c -> c.hostname() + " " + c.address() + ":" + c.port()).toList()
                    + ")", "08001");
        }
        return connect(e.get().address(), e.get().port(), 10);
    }

    /** The catalog rows as the acting coordinator has them. */
    public List<SegmentRow> catalogRows() throws IOException, SQLException {
        try (Connection c = connectCoordinator()) {
            return new Catalog(c).rows();
        }
    }

    /** The ledger name of the server with data directory {@code datadir}. */
    public String ledgerName(Path datadir) {
        Path d = datadir.toAbsolutePath().normalize();
        String rel = d.startsWith(files.hostsDir()) ? files.hostsDir().relativize(d).toString() : d.toString();
        return "pg-" + rel.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^_+", "");
    }

    /** A handle on the server of {@code row}; mirrors are configured to stream from {@code primary}. */
    public PostgresInstance instance(SegmentRow row, Optional<SegmentRow> primary) {
        Path datadir = Path.of(row.datadir());
        return new PostgresInstance(access, "dbid" + row.dbid(), datadir,
                datadir.resolveSibling(datadir.getFileName() + ".log"), nodeConfig(row, primary));
    }

    /** The per-node settings of {@code row}: a replica of {@code primary} unless it acts as primary. */
    public NodeConfig nodeConfig(SegmentRow row, Optional<SegmentRow> primary) {
        if (row.isPrimary() || primary.isEmpty()) {
            return NodeConfig.primary(row.address(), row.port());
        }
        SegmentRow p = primary.get();
        return NodeConfig.replica(row.address(), row.port(), p.address(), p.port(), access.superuser(), WALRECEIVER_NAME)
                .withExtra(Map.of("hot_standby", "off"));
    }

    /** The PostgreSQL bin directory, for PATH on the emulated hosts. */
    public Path postgresBin() {
        return access.binaries().bin();
    }
}
