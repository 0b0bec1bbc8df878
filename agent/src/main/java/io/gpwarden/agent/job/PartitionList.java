package io.gpwarden.agent.job;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Parses GPSS partition lists such as {@code (1..3, 5)}, {@code 0,2} or {@code 4}. */
final class PartitionList {
    private PartitionList() {
    }

    /** The sorted distinct partitions, or throws IllegalArgumentException saying what is wrong. */
    static List<Integer> parse(String text) {
        String t = text.trim();
        if (t.startsWith("(") && t.endsWith(")")) {
            t = t.substring(1, t.length() - 1);
        } else if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : t.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dots = p.indexOf("..");
            if (dots >= 0) {
                int from = number(p.substring(0, dots));
                int to = number(p.substring(dots + 2));
                if (to < from) {
                    throw new IllegalArgumentException("range " + p + " runs backwards");
                }
                for (int i = from; i <= to; i++) {
                    out.add(i);
                }
            } else {
                out.add(number(p));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no partitions listed");
        }
        return new ArrayList<>(out);
    }

    private static int number(String s) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v < 0) {
                throw new IllegalArgumentException("partition " + v + " is negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s.trim() + "' is not a partition number; write e.g. (0..3, 5)");
        }
    }
}
