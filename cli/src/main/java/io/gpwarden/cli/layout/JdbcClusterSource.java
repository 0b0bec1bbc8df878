package io.gpwarden.cli.layout;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.io.ClusterSource;
import io.gpwarden.layout.io.DiskFreeCsv;
import io.gpwarden.layout.io.SegmentConfigurationCsv;
import io.gpwarden.layout.move.DiskSpace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a live cluster over JDBC: {@code gp_segment_configuration} (for GP5 joined with
 * {@code pg_filespace_entry} for the pg_system data directories), {@code gp_toolkit.gp_disk_free}
 * for free space, and per-segment database sizes through {@code gp_dist_random('pg_database')} where
 * the server offers it. Missing disk or size information is a note, not an error. Read-only, one
 * connection, closed before returning; the password (from PGPASSWORD) is never logged or printed.
 */
final class JdbcClusterSource implements ClusterSource {
    private static final String SIZES_SQL = "SELECT gp_segment_id, sum(pg_database_size(datname))"
            + " FROM gp_dist_random('pg_database') GROUP BY 1";

    private final String url;
    private final String user;
    private final String password;
    private final GpVersion version;

    JdbcClusterSource(String url, String user, String password, GpVersion version) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.version = version;
    }

    @Override
    public Input read() {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("readOnly", "true");
        if (!url.contains("connectTimeout")) {
            props.setProperty("connectTimeout", "15");
        }
        if (!url.contains("socketTimeout")) {
            props.setProperty("socketTimeout", "120");
        }
        String where = redacted(url);
        try (Connection conn = DriverManager.getConnection(url, props)) {
            Cluster cluster = readSegments(conn, where);
            List<String> notes = new ArrayList<>();
            Map<String, Long> free = Map.of();
            try {
                free = readDiskFree(conn);
            } catch (SQLException e) {
                notes.add("gp_toolkit.gp_disk_free could not be read (" + e.getMessage().lines().findFirst().orElse("")
                        + "): free space is unknown");
            }
            Map<Integer, Long> sizes = Map.of();
            try {
                sizes = readSizes(conn);
            } catch (SQLException e) {
                notes.add("segment sizes could not be read (gp_dist_random): give --mirror-size or --segment-sizes for"
                        + " the space a move needs");
            }
            return new Input(cluster, new DiskSpace(free, sizes, null), notes);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot read the cluster from " + where + ": "
                    + e.getMessage(), e));
        }
    }

    private Cluster readSegments(Connection conn, String where) throws SQLException {
        Rows rows = query(conn, "SELECT * FROM gp_segment_configuration ORDER BY dbid");
        if (version == GpVersion.GP5 && !rows.header.contains("datadir")) {
            rows = query(conn, "SELECT c.*, e.fselocation FROM gp_segment_configuration c"
                    + " JOIN pg_filespace_entry e ON e.fsedbid = c.dbid WHERE e.fsefsoid = 3052 ORDER BY c.dbid");
        }
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < rows.values.size(); i++) {
            numbers.add(i + 1);
        }
        return SegmentConfigurationCsv.fromRows(where + " gp_segment_configuration row", rows.header, rows.values, numbers,
                version, List.of());
    }

    private static Map<String, Long> readDiskFree(Connection conn) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT dfhostname, dfdevice, dfspace FROM gp_toolkit.gp_disk_free")) {
            int n = 0;
            while (rs.next()) {
                rows.add(new String[] {"gp_disk_free row " + (++n), rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return DiskFreeCsv.sum(rows);
    }

    private static Map<Integer, Long> readSizes(Connection conn) throws SQLException {
        Map<Integer, Long> sizes = new HashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(SIZES_SQL)) {
            while (rs.next()) {
                sizes.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return sizes;
    }

    private record Rows(List<String> header, List<List<String>> values) {
    }

    private static Rows query(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                header.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            List<List<String>> values = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= header.size(); i++) {
                    row.add(rs.getString(i));
                }
                values.add(row);
            }
            return new Rows(header, values);
        }
    }

    /** The URL without a password parameter, for messages. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
