package io.gpwarden.controller.config;

import java.util.regex.Pattern;

/**
 * A relation name from a configuration file, validated before it goes near SQL: one or two plain
 * identifiers ({@code gpwarden.disk_capacity}), each {@code [A-Za-z_][A-Za-z0-9_]{0,62}}, and
 * always double-quoted when written into a statement. Identifiers cannot be bind parameters, so
 * this is the whole defence, and it is deliberately narrow.
 */
public record QualifiedName(String schema, String name) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public QualifiedName {
        if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: '" + schema + "'");
        }
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: '" + name + "'");
        }
    }

    /** Parses {@code name} or {@code schema.name}; throws IllegalArgumentException naming what is wrong. */
    public static QualifiedName parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length == 1) {
            return new QualifiedName(null, parts[0]);
        }
        if (parts.length == 2) {
            return new QualifiedName(parts[0], parts[1]);
        }
        throw new IllegalArgumentException("expected name or schema.name, got '" + text + "'");
    }

    /** {@code "schema"."name"}: safe to concatenate into SQL because of the validation above. */
    public String quoted() {
        return (schema == null ? "" : '"' + schema + "\".") + '"' + name + '"';
    }

    @Override
    public String toString() {
        return (schema == null ? "" : schema + ".") + name;
    }
}
