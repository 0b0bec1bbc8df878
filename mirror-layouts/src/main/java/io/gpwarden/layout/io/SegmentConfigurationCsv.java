package io.gpwarden.layout.io;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Role;
import io.gpwarden.layout.Segment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code gp_segment_configuration} rows, from a CSV export with its header row
 * ({@code \copy (select * from gp_segment_configuration) to 'f.csv' csv header}) or from rows a
 * database reader hands over with their column names.
 *
 * <p>Shapes accepted: GP6/GP7 (dbid, content, role, preferred_role, mode, status, port, hostname,
 * address, datadir) and GP5 (the same without datadir, with replication_port), where a GP5 export
 * may carry the data directory from a join with {@code pg_filespace_entry} as {@code fselocation}
 * or {@code datadir}, plus the join's {@code fsedbid}/{@code fsefsoid} columns (rows of filespaces
 * other than pg_system, oid 3052, are skipped). Any other column is an error, as is a value outside
 * its domain; every error names the source, line and column, and all of them are reported at once.
 */
public final class SegmentConfigurationCsv {
    static final List<String> GP6_COLUMNS = List.of("dbid", "content", "role", "preferred_role", "mode", "status",
            "port", "hostname", "address", "datadir");
    static final List<String> GP5_COLUMNS = List.of("dbid", "content", "role", "preferred_role", "mode", "status",
            "port", "hostname", "address", "replication_port");
    static final Set<String> GP5_OPTIONAL = Set.of("datadir", "fselocation", "fsedbid", "fsefsoid", "san_mounts");
    static final String PG_SYSTEM_FILESPACE_OID = "3052";

    private SegmentConfigurationCsv() {
    }

    /** Parses a CSV export. */
    public static Cluster read(String source, String text, GpVersion version) {
        List<CsvRecords.Row> rows = CsvRecords.parse(source, text);
        if (rows.isEmpty()) {
            throw new LayoutException(source + ": empty file; export with \\copy (select * from gp_segment_configuration)"
                    + " to '" + source + "' csv header");
        }
        List<String> header = new ArrayList<>();
        for (String h : rows.get(0).fields()) {
            header.add(h == null ? "" : h.trim().toLowerCase(java.util.Locale.ROOT));
        }
        List<List<String>> values = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CsvRecords.Row r : rows.subList(1, rows.size())) {
            if (r.fields().size() != header.size()) {
                problems.add(source + " line " + r.line() + ": " + r.fields().size() + " fields, the header has "
                        + header.size());
                continue;
            }
            values.add(r.fields());
            lines.add(r.line());
        }
        return fromRows(source, header, values, lines, version, problems);
    }

    /**
     * Builds a cluster from rows with named columns; {@code lines.get(i)} is the line (or row number) to
     * name in errors for {@code rows.get(i)}.
     */
    public static Cluster fromRows(String source, List<String> header, List<List<String>> rows, List<Integer> lines,
                                   GpVersion version, List<String> earlierProblems) {
        List<String> problems = new ArrayList<>(earlierProblems);
        boolean gp5Shape = header.contains("replication_port");
        checkHeader(source, header, gp5Shape, version);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (col.put(header.get(i), i) != null) {
                throw new LayoutException(source + " line 1: column '" + header.get(i) + "' appears twice");
            }
        }
        if (col.containsKey("datadir") && col.containsKey("fselocation")) {
            throw new LayoutException(source + " line 1: both datadir and fselocation columns; keep one");
        }
        List<Segment> segments = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            int line = lines.get(r);
            if (col.containsKey("fsefsoid")) {
                String fs = row.get(col.get("fsefsoid"));
                if (fs != null && !PG_SYSTEM_FILESPACE_OID.equals(fs.trim())) {
                    continue;
                }
            }
            RowReader rr = new RowReader(source, line, row, col, problems);
            int dbid = rr.integer("dbid");
            int content = rr.integer("content");
            Role role = rr.role("role");
            Role preferred = rr.role("preferred_role");
            char mode = rr.letter("mode", version == GpVersion.GP5 ? "scr" : "sn");
            char status = rr.letter("status", "ud");
            int port = rr.port("port");
            String hostname = rr.text("hostname");
            String address = rr.text("address");
            String datadir = null;
            if (col.containsKey("datadir") || col.containsKey("fselocation")) {
                datadir = rr.directory(col.containsKey("datadir") ? "datadir" : "fselocation", !gp5Shape);
            }
            Integer replicationPort = gp5Shape ? rr.optionalPort("replication_port") : null;
            if (col.containsKey("fsedbid")) {
                String fsedbid = row.get(col.get("fsedbid"));
                if (fsedbid != null && !fsedbid.trim().equals(String.valueOf(dbid))) {
                    problems.add(source + " line " + line + ", column fsedbid: " + fsedbid + " does not match dbid " + dbid
                            + " (join pg_filespace_entry on fsedbid = dbid)");
                }
            }
            if (rr.ok()) {
                segments.add(new Segment(dbid, content, role, preferred, mode, status, port, hostname, address, datadir,
                        replicationPort));
            }
        }
        if (!problems.isEmpty()) {
            throw new LayoutException(String.join("; ", problems));
        }
        try {
            return Cluster.of(version, segments);
        } catch (LayoutException e) {
            throw new LayoutException(source + ": " + e.getMessage());
        }
    }

    private static void checkHeader(String source, List<String> header, boolean gp5Shape, GpVersion version) {
        if (gp5Shape && version != GpVersion.GP5) {
            throw new LayoutException(source + ": this is a GP5 export (it has replication_port); pass --gp-version 5");
        }
        if (!gp5Shape && version == GpVersion.GP5 && header.contains("datadir") && !header.contains("replication_port")) {
            throw new LayoutException(source + ": --gp-version 5 but this export has GP6/7 columns (datadir, no"
                    + " replication_port); drop --gp-version 5 or give --gp-version 6 or 7");
        }
        List<String> expected = gp5Shape ? GP5_COLUMNS : GP6_COLUMNS;
        Set<String> unknown = new LinkedHashSet<>();
        for (String h : header) {
            if (!expected.contains(h) && !(gp5Shape && GP5_OPTIONAL.contains(h))) {
                unknown.add(h.isEmpty() ? "(empty)" : h);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String e : expected) {
            if (!header.contains(e)) {
                missing.add(e);
            }
        }
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            String shape = gp5Shape
                    ? "a GP5 export has " + String.join(", ", GP5_COLUMNS)
                    + " (optionally fselocation or datadir, fsedbid, fsefsoid from a join with pg_filespace_entry)"
                    : "a GP6/7 export has " + String.join(", ", GP6_COLUMNS);
            StringBuilder sb = new StringBuilder(source + " line 1: ");
            if (!unknown.isEmpty()) {
                sb.append("unknown column").append(unknown.size() > 1 ? "s " : " ").append(String.join(", ", unknown));
            }
            if (!missing.isEmpty()) {
                sb.append(unknown.isEmpty() ? "" : "; ").append("missing column").append(missing.size() > 1 ? "s " : " ")
                        .append(String.join(", ", missing));
            }
            sb.append("; ").append(shape).append(". Export with \\copy (select * from gp_segment_configuration) to 'f.csv' csv header");
            throw new LayoutException(sb.toString());
        }
    }

    /** Reads typed values from one row, collecting problems instead of stopping at the first. */
    private static final class RowReader {
        private final String source;
        private final int line;
        private final List<String> row;
        private final Map<String, Integer> col;
        private final List<String> problems;
        private boolean ok = true;

        RowReader(String source, int line, List<String> row, Map<String, Integer> col, List<String> problems) {
            this.source = source;
            this.line = line;
            this.row = row;
            this.col = col;
            this.problems = problems;
        }

        boolean ok() {
            return ok;
        }

        private String raw(String name) {
            String v = row.get(col.get(name));
            return v == null ? null : v.trim();
        }

        private void fail(String name, String message) {
            ok = false;
            problems.add(source + " line " + line + ", column " + name + ": " + message);
        }

        int integer(String name) {
            String v = raw(name);
            if (v == null || v.isEmpty()) {
                fail(name, "empty (a number is needed)");
                return 0;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                fail(name, "'" + v + "' is not a number");
                return 0;
            }
        }

        int port(String name) {
            int p = integer(name);
            if (ok && (p < 1 || p > 65535)) {
                fail(name, p + " is not a TCP port (1..65535)");
            }
            return p;
        }

        Integer optionalPort(String name) {
            String v = raw(name);
            if (v == null || v.isEmpty()) {
                return null;
            }
            return port(name);
        }

        Role role(String name) {
            String v = raw(name);
            Role r = v == null ? null : Role.fromCode(v);
            if (r == null) {
                fail(name, "'" + v + "' (expected p or m)");
                return Role.PRIMARY;
            }
            return r;
        }

        char letter(String name, String allowed) {
            String v = raw(name);
            if (v == null || v.length() != 1 || allowed.indexOf(v.charAt(0)) < 0) {
                fail(name, "'" + v + "' (expected one of " + String.join(", ", allowed.split("")) + ")");
                return allowed.charAt(0);
            }
            return v.charAt(0);
        }

        String text(String name) {
            String v = raw(name);
            if (v == null || v.isEmpty()) {
                fail(name, "empty");
                return "";
            }
            if (hasBlankOrBar(v)) {
                fail(name, "'" + v + "' contains whitespace or '|'");
            }
            return v;
        }

        private static boolean hasBlankOrBar(String v) {
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '|' || Character.isWhitespace(ch)) {
                    return true;
                }
            }
            return false;
        }

        String directory(String name, boolean required) {
            String v = raw(name);
            if (v == null || v.isEmpty()) {
                if (required) {
                    fail(name, "empty (every instance has a data directory)");
                }
                return null;
            }
            if (!v.startsWith("/")) {
                fail(name, "'" + v + "' is not an absolute path");
            }
            if (hasBlankOrBar(v)) {
                fail(name, "'" + v + "' contains whitespace or '|', which Greenplum's utility files cannot carry");
            }
            return v;
        }
    }
}
