package io.gpwarden.layout.plan;

import java.util.Comparator;

/**
 * Host name orders. Greenplum's utilities sort host names as plain strings ("sdw10" before "sdw2");
 * blocks are cut in natural order ("sdw2" before "sdw10") because a DBA's blocks are racks of
 * consecutively numbered hosts, and no Greenplum tool defines block order.
 */
public final class HostOrder {
    private HostOrder() {
    }

    /** Plain string order, as Python's {@code sorted()} on host names. */
    public static final Comparator<String> PLAIN = Comparator.naturalOrder();

    /** Digit runs compare as numbers, other runs as text; ties fall back to plain order. */
    public static final Comparator<String> NATURAL = HostOrder::compareNatural;

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = stripZeros(a.substring(si, i));
                String nb = stripZeros(b.substring(sj, j));
                if (na.length() != nb.length()) {
                    return Integer.compare(na.length(), nb.length());
                }
                int c = na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        if (i < a.length() || j < b.length()) {
            return Integer.compare(a.length() - i, b.length() - j);
        }
        return a.compareTo(b);
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
