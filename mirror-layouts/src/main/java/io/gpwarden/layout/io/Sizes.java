package io.gpwarden.layout.io;

import io.gpwarden.layout.LayoutException;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Byte sizes as a DBA writes them ("750G", "1.5T", "512000") and per-content size files. */
public final class Sizes {
    private Sizes() {
    }

    /** Parses a size with an optional K, M, G or T suffix (powers of 1024). */
    public static long parse(String what, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long factor = 1;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            factor = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v < 0 || Double.isNaN(v)) {
                throw new NumberFormatException();
            }
            return (long) (v * factor);
        } catch (NumberFormatException e) {
            throw new LayoutException(what + ": '" + text + "' is not a size (examples: 512000, 750G, 1.5T)");
        }
    }

    /** Human-readable bytes, binary units ("1.5 TiB"). */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A CSV with header {@code content,bytes}: the data size of each content. */
    public static Map<Integer, Long> readContentSizes(String source, String text) {
        List<CsvRecords.Row> rows = CsvRecords.parse(source, text);
        if (rows.isEmpty() || rows.get(0).fields().size() != 2
                || !"content".equalsIgnoreCase(String.valueOf(rows.get(0).fields().get(0)).trim())
                || !"bytes".equalsIgnoreCase(String.valueOf(rows.get(0).fields().get(1)).trim())) {
            throw new LayoutException(source + " line 1: expected the header content,bytes");
        }
        Map<Integer, Long> out = new HashMap<>();
        for (CsvRecords.Row r : rows.subList(1, rows.size())) {
            try {
                int c = Integer.parseInt(String.valueOf(r.fields().get(0)).trim());
                long b = Long.parseLong(String.valueOf(r.fields().get(1)).trim());
                if (out.put(c, b) != null) {
                    throw new LayoutException(source + " line " + r.line() + ": content " + c + " appears twice");
                }
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new LayoutException(source + " line " + r.line() + ": expected content,bytes as two numbers");
            }
        }
        return out;
    }
}
