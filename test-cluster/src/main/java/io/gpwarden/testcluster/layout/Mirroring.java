package io.gpwarden.testcluster.layout;

import java.util.Locale;

/** How mirrors are placed: Greenplum's group and spread policies, or no mirrors at all. */
public enum Mirroring {
    GROUP, SPREAD, NONE;

    /** Parses {@code group}, {@code spread} or {@code none} (any case). */
    public static Mirroring parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mirroring must be group, spread or none, not '" + s + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
