package io.gpwarden.agent.plan;

import java.util.Locale;
import java.util.Map;

/** Canonical type names, so a cast written {@code ::int8} is known to equal a {@code bigint} column. */
final class SqlTypes {
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("integer", "integer"),
            Map.entry("int8", "bigint"), Map.entry("bigint", "bigint"),
            Map.entry("int2", "smallint"), Map.entry("smallint", "smallint"),
            Map.entry("float8", "double precision"), Map.entry("double precision", "double precision"),
            Map.entry("float", "double precision"),
            Map.entry("float4", "real"), Map.entry("real", "real"),
            Map.entry("bool", "boolean"), Map.entry("boolean", "boolean"),
            Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("timestamp with time zone", "timestamp with time zone"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timestamp without time zone", "timestamp without time zone"),
            Map.entry("date", "date"), Map.entry("uuid", "uuid"), Map.entry("bytea", "bytea"),
            Map.entry("numeric", "numeric"), Map.entry("decimal", "numeric"),
            Map.entry("text", "text"), Map.entry("varchar", "character varying"),
            Map.entry("character varying", "character varying"),
            Map.entry("json", "json"), Map.entry("jsonb", "jsonb"),
            Map.entry("time", "time without time zone"), Map.entry("interval", "interval"));

    private SqlTypes() {
    }

    static String canonical(String type) {
        String t = type.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
        return CANONICAL.getOrDefault(t, t);
    }

    /** Whether text can be assigned to a column of this type without a cast (text and varchar without length). */
    static boolean acceptsText(String columnType) {
        String c = canonical(columnType);
        return c.equals("text") || c.equals("character varying");
    }
}
