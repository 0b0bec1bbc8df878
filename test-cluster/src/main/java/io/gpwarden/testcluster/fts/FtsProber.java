package io.gpwarden.testcluster.fts;

import io.gpwarden.testcluster.catalog.SegmentRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Probes one primary the way Greenplum's FTS does, over TCP to the catalog's address and port:
 * up to {@code probeRetries} attempts, each bounded by {@code probeTimeoutSeconds}, with a short
 * pause between attempts. A server that answers "not accepting connections" (a replica with hot
 * standby off, or one starting up) is alive but not a primary.
 */
public final class FtsProber {
    private final FtsSettings settings;
    private final String database;
    private final String user;
    private final String password;

    public FtsProber(FtsSettings settings, String database, String user, String password) {
        this.settings = settings;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /** The query a primary answers: role, sync rep on, and its mirror's WAL stream. */
    static final String PROBE_SQL = "SELECT pg_is_in_recovery(), current_setting('synchronous_standby_names') <> '', "
            + "(SELECT state FROM pg_stat_replication WHERE application_name = 'gp_walreceiver' ORDER BY backend_start DESC LIMIT 1), "
            + "(SELECT sync_state FROM pg_stat_replication WHERE application_name = 'gp_walreceiver' ORDER BY backend_start DESC LIMIT 1)";

    public ProbeResult probe(SegmentRow row) {
        String lastError = "no attempt";
        for (int attempt = 1; attempt <= settings.probeRetries(); attempt++) {
            try (Connection c = connect(row.address(), row.port()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(PROBE_SQL)) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return ProbeResult.inRecovery(row.dbid());
                }
                return new ProbeResult(row.dbid(), ProbeResult.Kind.PRIMARY, rs.getBoolean(2), rs.getString(3),
                        rs.getString(4), null);
            } catch (SQLException e) {
                if ("57P03".equals(e.getSQLState())) {
                    return ProbeResult.inRecovery(row.dbid());
                }
                lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            }
            if (attempt < settings.probeRetries()) {
                pause(settings.retryPauseMillis());
            }
        }
        return ProbeResult.unreachable(row.dbid(), lastError + " (after " + settings.probeRetries() + " attempts)");
    }

    /** What the coordinator reports about its standby, on a connection to the coordinator itself. */
    public static ProbeResult self(int dbid, Connection coordinator) throws SQLException {
        try (Statement s = coordinator.createStatement(); ResultSet rs = s.executeQuery(PROBE_SQL)) {
            rs.next();
            return new ProbeResult(dbid, ProbeResult.Kind.PRIMARY, rs.getBoolean(2), rs.getString(3), rs.getString(4), null);
        }
    }

    Connection connect(String address, int port) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", Integer.toString(settings.probeTimeoutSeconds()));
        p.setProperty("socketTimeout", Integer.toString(settings.probeTimeoutSeconds()));
        p.setProperty("loginTimeout", Integer.toString(settings.probeTimeoutSeconds()));
        p.setProperty("ApplicationName", "gp_fts_probe");
        return DriverManager.getConnection("jdbc:postgresql://" + address + ":" + port + "/" + database, p);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
