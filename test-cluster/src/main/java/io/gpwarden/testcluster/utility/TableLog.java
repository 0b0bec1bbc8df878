package io.gpwarden.testcluster.utility;

import java.util.ArrayList;
import java.util.List;

/**
 * Greenplum's TableLogger: rows of cells, printed through {@link GpLog} with every column but the
 * last padded to its widest cell plus three spaces and an indent of three spaces; warning rows are
 * logged as WARNING and, with arrows on, end in {@code <<<<<<<<}.
 */
public final class TableLog {
    private final List<List<String>> rows = new ArrayList<>();
    private final List<Boolean> warnings = new ArrayList<>();
    private boolean arrows;

    public TableLog withArrows() {
        this.arrows = true;
        return this;
    }

    public TableLog info(String... cells) {
        return add(false, cells);
    }

    public TableLog warn(String... cells) {
        return add(true, cells);
    }

    public TableLog infoOrWarn(boolean warn, String... cells) {
        return add(warn, cells);
    }

    /** A separator row (a line of dashes). */
    public TableLog separator() {
        rows.add(null);
        warnings.add(false);
        return this;
    }

    private TableLog add(boolean warn, String... cells) {
        rows.add(List.of(cells));
        warnings.add(warn);
        return this;
    }

    public boolean hasWarnings() {
        return warnings.contains(true);
    }

    public int size() {
        return rows.size();
    }

    public void output(GpLog log) {
        int columns = rows.stream().filter(r -> r != null).mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> r : rows) {
            if (r == null) {
                continue;
            }
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        for (int n = 0; n < rows.size(); n++) {
            List<String> r = rows.get(n);
            StringBuilder sb = new StringBuilder("   ");
            if (r == null) {
                sb.append("-".repeat(Math.max(20, java.util.Arrays.stream(width).sum() + 3 * Math.max(0, columns - 1))));
                log.info(sb.toString());
                continue;
            }
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                sb.append(i == r.size() - 1 && !(warnings.get(n) && arrows) ? cell : pad(cell, width[i] + 3));
            }
            if (warnings.get(n)) {
                log.warn(arrows ? sb.toString().stripTrailing() + "   <<<<<<<<" : sb.toString());
            } else {
                log.info(sb.toString());
            }
        }
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
