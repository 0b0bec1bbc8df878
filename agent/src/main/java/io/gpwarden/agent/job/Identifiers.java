package io.gpwarden.agent.job;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * SQL identifiers that come from job files. They cannot be bind parameters, so each is checked
 * against a strict pattern when the job is read and always written double-quoted, exactly as
 * spelled (GPSS quotes the names it generates too): {@code x; drop table y} never reaches SQL.
 */
public final class Identifiers {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final int MAX_BYTES = 63;

    private Identifiers() {
    }

    /** Null when {@code name} is a usable identifier, otherwise why not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "an identifier is required";
        }
        if (!NAME.matcher(name).matches()) {
            return "'" + name + "' is not a plain SQL identifier (letters, digits, _ and $, not starting with a digit)";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "'" + name + "' is longer than " + MAX_BYTES + " bytes";
        }
        return null;
    }

    /** The identifier double-quoted; {@code name} must have passed {@link #problem}. */
    public static String quote(String name) {
        String p = problem(name);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
        return '"' + name + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
