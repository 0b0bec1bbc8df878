package io.gpwarden.layout.io;

import io.gpwarden.layout.LayoutException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gp_toolkit.gp_disk_free} rows (dfsegment, dfhostname, dfdevice, dfspace in KB), from a CSV
 * export or a query. A host's free space is the sum over its distinct devices: several segments on
 * one device report the same free space once.
 */
public final class DiskFreeCsv {
    static final List<String> COLUMNS = List.of("dfsegment", "dfhostname", "dfdevice", "dfspace");

    private DiskFreeCsv() {
    }

    public static Map<String, Long> read(String source, String text) {
        List<CsvRecords.Row> rows = CsvRecords.parse(source, text);
        if (rows.isEmpty()) {
            throw new LayoutException(source + ": empty file; export with \\copy (select * from gp_toolkit.gp_disk_free) to '"
                    + source + "' csv header");
        }
        List<String> header = rows.get(0).fields().stream()
                .map(h -> h == null ? "" : h.trim().toLowerCase(Locale.ROOT)).toList();
        for (String h : header) {
            if (!COLUMNS.contains(h)) {
                throw new LayoutException(source + " line 1: unknown column '" + h + "'; gp_toolkit.gp_disk_free has "
                        + String.join(", ", COLUMNS));
            }
        }
        for (String c : COLUMNS) {
            if (!header.contains(c)) {
                throw new LayoutException(source + " line 1: missing column " + c + "; gp_toolkit.gp_disk_free has "
                        + String.join(", ", COLUMNS));
            }
        }
        List<String[]> values = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CsvRecords.Row r : rows.subList(1, rows.size())) {
            if (r.fields().size() != header.size()) {
                problems.add(source + " line " + r.line() + ": " + r.fields().size() + " fields, the header has " + header.size());
                continue;
            }
            String host = r.fields().get(header.indexOf("dfhostname"));
            String device = r.fields().get(header.indexOf("dfdevice"));
            String space = r.fields().get(header.indexOf("dfspace"));
            values.add(new String[] {source + " line " + r.line(), host, device, space});
        }
        if (!problems.isEmpty()) {
            throw new LayoutException(String.join("; ", problems));
        }
        return sum(values);
    }

    /** Sums rows of (where, host, device, KB as text) into free bytes per host. */
    public static Map<String, Long> sum(List<String[]> rows) {
        Map<String, Map<String, Long>> byHostDevice = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (String[] r : rows) {
            String host = r[1] == null ? "" : r[1].trim();
            String device = r[2] == null ? "" : r[2].trim();
            long kb;
            try {
                kb = Long.parseLong(r[3] == null ? "" : r[3].trim());
            } catch (NumberFormatException e) {
                problems.add(r[0] + ", column dfspace: '" + r[3] + "' is not a number of KB");
                continue;
            }
            if (host.isEmpty()) {
                problems.add(r[0] + ", column dfhostname: empty");
                continue;
            }
            byHostDevice.computeIfAbsent(host, k -> new HashMap<>()).put(device, kb * 1024L);
        }
        if (!problems.isEmpty()) {
            throw new LayoutException(String.join("; ", problems));
        }
        Map<String, Long> free = new HashMap<>();
        byHostDevice.forEach((h, devices) -> free.put(h, devices.values().stream().mapToLong(Long::longValue).sum()));
        return free;
    }
}
