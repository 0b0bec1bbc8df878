package io.gpwarden.controller.decide;

import java.util.Locale;

/** Byte counts the way people read them: 512 B, 3.2 MB, 1.5 GB (powers of 1024). */
public final class Bytes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Bytes() {
    }

    public static String human(long bytes) {
        double v = bytes;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, UNITS[unit]);
    }
}
