package io.gpwarden.agent.sink;

import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.plan.TargetTable;
import io.gpwarden.agent.sql.MetadataTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sink asks the catalog when a session starts: the target table's columns and types,
 * whether an index leads with the match columns or a unique one lies within them, and whether
 * the agent's own tables exist (creating them if not). All lookups bind names as parameters; nothing here is per batch.
 */
final class TargetCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(TargetCatalog.class);

    private final JobSpec job;

    TargetCatalog(JobSpec job) {
        this.job = job;
    }

    void ensureMetadataTables(Connection c, MetadataTables metadata) throws SQLException {
        if (!schemaExists(c, job.metadataSchema())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + io.gpwarden.agent.job.Identifiers.quote(job.metadataSchema()));
                LOG.info("created schema {}", job.metadataSchema());
            }
        }
        List<String> ddl = metadata.createIfMissing();
        String[] names = {MetadataTables.OFFSETS, MetadataTables.ERRORS};
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < ddl.size(); i++) {
                if (!relationExists(c, job.metadataSchema(), names[i])) {
                    s.execute(ddl.get(i));
                    LOG.info("created {}.{}", job.metadataSchema(), names[i]);
                }
            }
            if (!relationExists(c, job.metadataSchema(), MetadataTables.ERRORS + "_record")) {
                s.execute(metadata.createErrorIndex());
            }
        }
    }

    /** One valid index of the target: its column numbers (0 for an expression) and whether it enforces uniqueness at once. */
    private record Index(List<String> columns, boolean uniqueNow) {
    }

    private List<Index> indexes(Connection c) throws SQLException {
        List<Index> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.indkey::text, i.indisunique AND i.indimmediate "
                + "AND i.indpred IS NULL AND i.indexprs IS NULL FROM pg_catalog.pg_index i "
                + "JOIN pg_catalog.pg_class t ON t.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE n.nspname = ? AND t.relname = ? AND i.indisvalid")) {
            ps.setString(1, job.output().schema());
            ps.setString(2, job.output().table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Index(List.of(rs.getString(1).trim().split("\\s+")), rs.getBoolean(2)));
                }
            }
        }
        return out;
    }

    /** The attribute numbers of the match columns, as text (as indkey lists them). */
    private java.util.Set<String> matchAttnums(Connection c) throws SQLException {
        java.util.Map<String, Integer> attnums = new java.util.HashMap<>();
        try (PreparedStatement a = c.prepareStatement("SELECT a.attname, a.attnum FROM pg_catalog.pg_attribute a "
                + "JOIN pg_catalog.pg_class t ON t.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE n.nspname = ? AND t.relname = ? AND a.attnum > 0")) {
            a.setString(1, job.output().schema());
            a.setString(2, job.output().table());
            try (ResultSet rs = a.executeQuery()) {
                while (rs.next()) {
                    attnums.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (String m : job.output().matchColumns()) {
            wanted.add(String.valueOf(attnums.get(m)));
        }
        return wanted;
    }

    /** Whether an index of the target leads with exactly the match columns (in any order). */
    boolean matchIndexed(Connection c) throws SQLException {
        int n = job.output().matchColumns().size();
        java.util.Set<String> wanted = matchAttnums(c);
        for (Index i : indexes(c)) {
            if (i.columns().size() >= n && new java.util.HashSet<>(i.columns().subList(0, n)).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a unique index of the target, checked at once (not deferred), without predicate or
     * expressions, covers only match columns: then a row whose key is already in the table can
     * never be inserted beside it, which is what lets a MERGE batch try a plain insert first.
     */
    boolean uniqueWithinMatchColumns(Connection c) throws SQLException {
        if (job.output().matchColumns().isEmpty()) {
            return false;
        }
        java.util.Set<String> wanted = matchAttnums(c);
        for (Index i : indexes(c)) {
            if (i.uniqueNow() && wanted.containsAll(i.columns())) {
                return true;
            }
        }
        return false;
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean relationExists(Connection c, String schema, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    TargetTable describe(Connection c) throws SQLException, SinkException {
        String schema = job.output().schema();
        String table = job.output().table();
        List<TargetTable.Column> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) "
                + "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(new TargetTable.Column(rs.getString(1), rs.getString(2)));
                }
            }
        }
        if (cols.isEmpty()) {
            throw new SinkException(SinkException.Kind.FATAL, "target table " + schema + "." + table
                    + " does not exist in database " + job.database().database() + " (or the user cannot see it)");
        }
        return new TargetTable(schema, table, cols);
    }
}
