package io.gpwarden.agent.copy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The column types whose COPY binary form the agent writes itself, and for each the rule that
 * makes the binary value equal to what the type's text input would have produced. A column of
 * any other type (numeric, real, uuid, intervals, arrays, timestamps with a precision, ...)
 * makes the whole job use the text format.
 *
 * <ul>
 *   <li>{@link #TEXT}: text, varchar and char, with or without a length: the receive function
 *       runs the same length check and blank trimming as the input function;</li>
 *   <li>{@link #JSON}, {@link #JSONB}: the text (jsonb after its version byte), parsed by the
 *       server exactly as its input function parses it;</li>
 *   <li>{@link #BYTEA}: raw bytes (only for a whole record; text would be parsed as bytea input);</li>
 *   <li>integers, double precision, boolean, dates and timestamps: converted by
 *       {@link BinaryValues}, which converts only the input shapes it can convert exactly and
 *       leaves every other value to the text format.</li>
 * </ul>
 */
public enum BinaryForm {
    INT2, INT4, INT8, FLOAT8, BOOL, TEXT, JSON, JSONB, BYTEA, TIMESTAMPTZ, TIMESTAMP, DATE;

    private static final Pattern CHARACTER = Pattern.compile("(character varying|character|varchar|char|bpchar)(\\(\\d+\\))?");

    /** The form for a column type as {@code format_type} spells it, if the agent writes that type in binary. */
    public static Optional<BinaryForm> of(String formattedType) {
        String t = formattedType.toLowerCase(Locale.ROOT).trim();
        BinaryForm f = switch (t) {
            case "smallint", "int2" -> INT2;
            case "integer", "int", "int4" -> INT4;
            case "bigint", "int8" -> INT8;
            case "double precision", "float8" -> FLOAT8;
            case "boolean", "bool" -> BOOL;
            case "text" -> TEXT;
            case "json" -> JSON;
            case "jsonb" -> JSONB;
            case "bytea" -> BYTEA;
            case "timestamp with time zone", "timestamptz" -> TIMESTAMPTZ;
            case "timestamp without time zone", "timestamp" -> TIMESTAMP;
            case "date" -> DATE;
            default -> CHARACTER.matcher(t).matches() ? TEXT : null;
        };
        return Optional.ofNullable(f);
    }
}
