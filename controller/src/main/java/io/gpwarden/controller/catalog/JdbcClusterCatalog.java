package io.gpwarden.controller.catalog;

import io.gpwarden.controller.config.Endpoint;
import io.gpwarden.controller.config.QualifiedName;
import io.gpwarden.controller.jdbc.DriverMessages;
import io.gpwarden.controller.jdbc.PgConnector;
import io.gpwarden.controller.jdbc.Reachability;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.postgresql.util.PGInterval;

/**
 * {@link ClusterCatalog} over pgjdbc. Each call opens one connection to the coordinator and closes
 * it: a catalog read every few seconds does not need a pool, and a fresh connection cannot carry
 * a broken session from before a failover.
 *
 * <p>Handles Greenplum 6 and 7 naming (GP7 {@code sent_lsn}/{@code pg_current_wal_lsn}, GP6
 * {@code sent_location}/{@code pg_current_xlog_location}) and the GP5 shape of
 * gp_segment_configuration (no datadir column: joined from pg_filespace_entry; modes c and r).
 * The dialect is detected on the first read and again after any "undefined object" error.
 */
public final class JdbcClusterCatalog implements ClusterCatalog {
    /** pg_filespace's oid of pg_system, GP5's system filespace. */
    private static final int GP5_SYSTEM_FILESPACE = 3052;

    private final PgConnector connector;
    private final Supplier<Endpoint> coordinator;
    private final Duration timeout;
    private final Duration diskTimeout;
    private final Clock clock;
    private final Optional<QualifiedName> capacityTable;
    private volatile Dialect dialect;

    /**
     * @param coordinator where the coordinator is now (a supplier, so a later failover can move it)
     * @param timeout     bound for {@link #read()} and {@link #requestFtsProbe()}'s connection
     * @param diskTimeout bound for {@link #diskFree()}
     * @param capacityTable where file system sizes are, when configured (see {@link DiskFree})
     */
    public JdbcClusterCatalog(PgConnector connector, Supplier<Endpoint> coordinator, Duration timeout,
                              Duration diskTimeout, Optional<QualifiedName> capacityTable, Clock clock) {
        this.connector = connector;
        this.coordinator = coordinator;
        this.timeout = timeout;
        this.diskTimeout = diskTimeout;
        this.capacityTable = capacityTable;
        this.clock = clock;
    }

    /** Which spelling of the catalog this server uses. */
    record Dialect(boolean hasDatadir, boolean hasFilespaces, String walEndFunction) {
    }

    @Override
    public CatalogSnapshot read() throws CatalogUnavailableException {
        Endpoint target = coordinator.get();
        try (Connection c = connector.connect(target, timeout, false)) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Dialect d = dialect(c);
                String version = scalar(c, "SELECT version()");
                List<Segment> segments = segments(c, d);
                List<ReplicationStream> replication = replication(c);
                OptionalLong walEnd = d.walEndFunction() == null ? OptionalLong.empty()
                        : WalPosition.parse(scalar(c, "SELECT " + d.walEndFunction() + "()::text"));
                c.commit();
                return new CatalogSnapshot(clock.instant(), version, segments, replication, walEnd);
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            forgetDialectOn(e);
            throw unavailable("reading the catalog on " + target, e);
        } catch (IllegalArgumentException e) {
            throw new CatalogUnavailableException(Reachability.QUERY_FAILED,
                    "unexpected value in gp_segment_configuration on " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code gp_toolkit.gp_disk_free} (free kB per segment) and, when configured, the
     * capacity table ({@code dfhostname, dfdevice, dftotal} in kB), matched by host and device.
     * Both in one transaction.
     */
    @Override
    public List<DiskFree> diskFree() throws CatalogUnavailableException {
        Endpoint target = coordinator.get();
        try (Connection c = connector.connect(target, diskTimeout, false)) {
            // Not read-only: a view that runs df may need a temporary table on the way.
            c.setAutoCommit(false);
            Map<String, Long> capacities = new HashMap<>();
            if (capacityTable.isPresent()) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT dfhostname, dfdevice, dftotal FROM "
                             + capacityTable.get().quoted())) {
                    while (rs.next()) {
                        capacities.put(trim(rs.getString(1)) + " " + trim(rs.getString(2)), rs.getLong(3) * 1024);
                    }
                }
            }
            List<DiskFree> result = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(
                         "SELECT dfsegment, dfhostname, dfdevice, dfspace FROM gp_toolkit.gp_disk_free")) {
                while (rs.next()) {
                    String host = trim(rs.getString(2));
                    String device = trim(rs.getString(3));
                    Long capacity = capacities.get(host + " " + device);
                    result.add(new DiskFree(rs.getInt(1), host, device, rs.getLong(4) * 1024,
                            capacity == null ? OptionalLong.empty() : OptionalLong.of(capacity)));
                }
            }
            c.commit();
            return result;
        } catch (SQLException e) {
            throw unavailable("reading gp_toolkit.gp_disk_free" + capacityTable.map(t -> " and " + t).orElse("")
                    + " on " + target, e);
        }
    }

    @Override
    public void requestFtsProbe() throws CatalogUnavailableException {
        Endpoint target = coordinator.get();
        try (Connection c = connector.connect(target, timeout, false);
             Statement st = c.createStatement()) {
            // The scan waits for a fresh FTS loop, which may outlast the catalog timeout.
            st.execute("SET statement_timeout = 0");
            st.setQueryTimeout(0);
            st.execute("SELECT gp_request_fts_probe_scan()");
        } catch (SQLException e) {
            throw unavailable("requesting an FTS probe scan on " + target, e);
        }
    }

    private Dialect dialect(Connection c) throws SQLException {
        Dialect d = dialect;
        if (d != null) {
            return d;
        }
        boolean hasDatadir = !scalar(c, "SELECT count(*) FROM pg_attribute WHERE attrelid = "
                + "'gp_segment_configuration'::regclass AND attname = 'datadir' AND NOT attisdropped").equals("0");
        boolean hasFilespaces = !scalar(c,
                "SELECT count(*) FROM pg_class WHERE relname = 'pg_filespace_entry'").equals("0");
        Set<String> functions = new HashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT proname FROM pg_proc WHERE proname IN "
                     + "('pg_current_wal_lsn', 'pg_current_xlog_location')")) {
            while (rs.next()) {
                functions.add(rs.getString(1));
            }
        }
        String walEnd = functions.contains("pg_current_wal_lsn") ? "pg_current_wal_lsn"
                : functions.contains("pg_current_xlog_location") ? "pg_current_xlog_location" : null;
        d = new Dialect(hasDatadir, hasFilespaces, walEnd);
        dialect = d;
        return d;
    }

    private static List<Segment> segments(Connection c, Dialect d) throws SQLException {
        String datadir;
        String join = "";
        if (d.hasDatadir()) {
            datadir = "c.datadir";
        } else if (d.hasFilespaces()) {
            datadir = "f.fselocation";
            join = " LEFT JOIN pg_filespace_entry f ON f.fsedbid = c.dbid AND f.fsefsoid = " + GP5_SYSTEM_FILESPACE;
        } else {
            datadir = "NULL::text";
        }
        String sql = "SELECT c.dbid, c.content, c.role, c.preferred_role, c.mode, c.status, c.port, c.hostname,"
                + " c.address, " + datadir + " AS datadir FROM gp_segment_configuration c" + join
                + " ORDER BY c.content, c.dbid";
        List<Segment> result = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                result.add(new Segment(rs.getInt("dbid"), rs.getInt("content"),
                        Segment.Role.parse(code(rs, "role")), Segment.Role.parse(code(rs, "preferred_role")),
                        Segment.Mode.parse(code(rs, "mode")), Segment.Status.parse(code(rs, "status")),
                        trim(rs.getString("hostname")), trim(rs.getString("address")), rs.getInt("port"),
                        rs.getString("datadir")));
            }
        }
        return result;
    }

    private static List<ReplicationStream> replication(Connection c) throws SQLException {
        List<ReplicationStream> result = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM gp_stat_replication")) {
            Set<String> cols = columns(rs.getMetaData());
            while (rs.next()) {
                result.add(new ReplicationStream(
                        rs.getInt("gp_segment_id"),
                        text(rs, cols, "application_name"),
                        text(rs, cols, "client_addr"),
                        text(rs, cols, "state"),
                        text(rs, cols, "sync_state"),
                        position(rs, cols, "sent_lsn", "sent_location"),
                        position(rs, cols, "flush_lsn", "flush_location"),
                        position(rs, cols, "replay_lsn", "replay_location"),
                        interval(rs, cols, "replay_lag"),
                        text(rs, cols, "sync_error")));
            }
        }
        return result;
    }

    private static OptionalLong position(ResultSet rs, Set<String> cols, String gp7, String gp6) throws SQLException {
        String column = cols.contains(gp7) ? gp7 : cols.contains(gp6) ? gp6 : null;
        return column == null ? OptionalLong.empty() : WalPosition.parse(rs.getString(column));
    }

    private static Optional<Duration> interval(ResultSet rs, Set<String> cols, String column) throws SQLException {
        if (!cols.contains(column)) {
            return Optional.empty();
        }
        Object v = rs.getObject(column);
        if (v instanceof PGInterval i) {
            long micros = Math.round(((((long) i.getDays() * 24 + i.getHours()) * 60 + i.getMinutes()) * 60
                    + i.getSeconds()) * 1_000_000);
            return Optional.of(Duration.ofNanos(micros * 1000));
        }
        return Optional.empty();
    }

    private static String text(ResultSet rs, Set<String> cols, String column) throws SQLException {
        return cols.contains(column) ? rs.getString(column) : null;
    }

    private static Set<String> columns(ResultSetMetaData md) throws SQLException {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static String code(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? "" : v.trim();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void forgetDialectOn(SQLException e) {
        String state = e.getSQLState();
        // 42P01 undefined table, 42703 undefined column, 42883 undefined function: re-detect next time.
        if (state != null && state.startsWith("42")) {
            dialect = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is closed next; the failure that brought us here is the one to report.
        }
    }

    private static CatalogUnavailableException unavailable(String what, SQLException e) {
        Reachability r = Reachability.of(e);
        String state = e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]";
        return new CatalogUnavailableException(r, what + ": " + r.label() + ": "
                + DriverMessages.oneLine(e.getMessage()) + state, e);
    }
}
