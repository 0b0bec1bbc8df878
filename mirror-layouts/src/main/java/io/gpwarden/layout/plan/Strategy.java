package io.gpwarden.layout.plan;

import io.gpwarden.layout.LayoutException;

import java.util.Locale;

/** The mirroring strategies gpwarden plans: Greenplum's group and spread, and the documented block layout. */
public enum Strategy {
    GROUP,
    SPREAD,
    BLOCK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Strategy parse(String s) {
        for (Strategy v : values()) {
            if (v.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new LayoutException("unknown strategy '" + s + "': use group, spread or block");
    }
}
