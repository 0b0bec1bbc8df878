package io.gpwarden.testcluster.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and changes the Greenplum catalog of the stand-in on one coordinator connection.
 *
 * <p>Contract: {@link #rows} is one consistent read; {@link #apply} writes a set of row changes
 * and their {@code gp_configuration_history} entries in one transaction (all or nothing), as
 * Greenplum's FTS and utilities do. Values are always bound, never spliced into SQL.
 */
public final class Catalog {
    private final Connection connection;

    public Catalog(Connection connection) {
        this.connection = connection;
    }

    /** Creates the catalog objects (tables, views, functions) in a fresh coordinator database. */
    public static void install(Connection c) throws SQLException {
        String sql;
        try (InputStream in = Catalog.class.getResourceAsStream("catalog.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("catalog.sql missing from the class path", e);
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Every row, ordered by content then role (primary first) as gpstate lists them. */
    public List<SegmentRow> rows() throws SQLException {
        List<SegmentRow> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM gp_segment_configuration ORDER BY content, role DESC, dbid")) {
            while (rs.next()) {
                out.add(SegmentRow.from(rs));
            }
        }
        return out;
    }

    public Optional<SegmentRow> row(int dbid) throws SQLException {
        return rows().stream().filter(r -> r.dbid() == dbid).findFirst();
    }

    /**
     * One change: the new row (null to delete {@code dbid}), the history text, and optionally the
     * row as it was read ({@code expected}): then only role, mode and status are written, and only
     * if the row still matches, so that FTS never undoes a utility's concurrent relocation.
     */
    public record Change(int dbid, SegmentRow newRow, String history, SegmentRow expected) {
        /** Writes the whole row (insert or replace). */
        public static Change put(SegmentRow row, String history) {
            return new Change(row.dbid(), row, history, null);
        }

        /** Changes role, mode and status of {@code was} (which must still be current) to those of {@code now}. */
        public static Change transition(SegmentRow was, SegmentRow now, String history) {
            return new Change(was.dbid(), now, history, was);
        }

        public static Change delete(int dbid, String history) {
            return new Change(dbid, null, history, null);
        }
    }

    /** A conditional change found its row changed by someone else; nothing was written. */
    public static final class ConcurrentChangeException extends SQLException {
        private static final long serialVersionUID = 1L;

        public ConcurrentChangeException(int dbid) {
            super("gp_segment_configuration row dbid " + dbid + " changed concurrently");
        }
    }

    /** Applies {@code changes} in one transaction; inserts rows that do not exist yet. */
    public void apply(List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (Change ch : changes) {
                if (ch.newRow() == null) {
                    try (PreparedStatement ps = connection.prepareStatement("DELETE FROM gp_segment_configuration WHERE dbid = ?")) {
                        ps.setInt(1, ch.dbid());
                        ps.executeUpdate();
                    }
                } else if (ch.expected() != null) {
                    transition(ch.expected(), ch.newRow());
                } else {
                    upsert(ch.newRow());
                }
                if (ch.history() != null) {
                    try (PreparedStatement ps = connection.prepareStatement(
                            "INSERT INTO gp_configuration_history (\"time\", dbid, \"desc\") VALUES (now(), ?, ?)")) {
                        ps.setInt(1, ch.dbid());
                        ps.setString(2, ch.history());
                        ps.executeUpdate();
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    private void transition(SegmentRow was, SegmentRow now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE gp_segment_configuration SET role = ?::\"char\", mode = ?::\"char\", status = ?::\"char\" "
                        + "WHERE dbid = ? AND role = ?::\"char\" AND mode = ?::\"char\" AND status = ?::\"char\" "
                        + "AND address = ? AND port = ? AND datadir = ?")) {
            ps.setString(1, String.valueOf(now.role()));
            ps.setString(2, String.valueOf(now.mode()));
            ps.setString(3, String.valueOf(now.status()));
            ps.setInt(4, was.dbid());
            ps.setString(5, String.valueOf(was.role()));
            ps.setString(6, String.valueOf(was.mode()));
            ps.setString(7, String.valueOf(was.status()));
            ps.setString(8, was.address());
            ps.setInt(9, was.port());
            ps.setString(10, was.datadir());
            if (ps.executeUpdate() != 1) {
                throw new ConcurrentChangeException(was.dbid());
            }
        }
    }

    private void upsert(SegmentRow r) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO gp_segment_configuration (dbid, content, role, preferred_role, mode, status, port, hostname, "
                        + "address, datadir) VALUES (?, ?, ?::\"char\", ?::\"char\", ?::\"char\", ?::\"char\", ?, ?, ?, ?) "
                        + "ON CONFLICT (dbid) DO UPDATE SET content = EXCLUDED.content, role = EXCLUDED.role, "
                        + "preferred_role = EXCLUDED.preferred_role, mode = EXCLUDED.mode, status = EXCLUDED.status, "
                        + "port = EXCLUDED.port, hostname = EXCLUDED.hostname, address = EXCLUDED.address, "
                        + "datadir = EXCLUDED.datadir")) {
            ps.setInt(1, r.dbid());
            ps.setInt(2, r.content());
            ps.setString(3, String.valueOf(r.role()));
            ps.setString(4, String.valueOf(r.preferredRole()));
            ps.setString(5, String.valueOf(r.mode()));
            ps.setString(6, String.valueOf(r.status()));
            ps.setInt(7, r.port());
            ps.setString(8, r.hostname());
            ps.setString(9, r.address());
            ps.setString(10, r.datadir());
            ps.executeUpdate();
        }
    }

    /** Sets the used percentage gp_disk_free reports for {@code hostname}'s segments (null: real value). */
    public void setDiskFill(String hostname, Double percent) throws SQLException {
        if (percent == null) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM gpwarden_testcluster.disk_fill WHERE hostname = ?")) {
                ps.setString(1, hostname);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO gpwarden_testcluster.disk_fill (hostname, percent) VALUES (?, ?) "
                        + "ON CONFLICT (hostname) DO UPDATE SET percent = EXCLUDED.percent")) {
            ps.setString(1, hostname);
            ps.setDouble(2, percent);
            ps.executeUpdate();
        }
    }

    /** Asks the FTS emulation for a fresh probe loop and waits for it (gp_request_fts_probe_scan). */
    public void requestProbeScan() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT gp_request_fts_probe_scan()");
        }
    }
}
