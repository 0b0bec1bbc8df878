package io.gpwarden.layout;

/** A segment instance's role as {@code gp_segment_configuration} spells it: {@code p} or {@code m}. */
public enum Role {
    PRIMARY('p'),
    MIRROR('m');

    private final char code;

    Role(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    /** The role for a catalog letter, or null when the letter is neither {@code p} nor {@code m}. */
    public static Role fromCode(String s) {
        if ("p".equals(s)) {
            return PRIMARY;
        }
        if ("m".equals(s)) {
            return MIRROR;
        }
        return null;
    }
}
