package io.gpwarden.agent.copy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Checks a value against the column type it is written to, before it enters a COPY, so a bad
 * record is rejected alone instead of failing the whole batch. It rejects only what PostgreSQL
 * (and Greenplum 6/7) certainly reject, with their wording; types it does not know are passed to
 * the database ({@link #PASS}), which remains the final judge (a batch it fails is split to
 * isolate the row).
 */
public enum TypeCheck {
    INT2("smallint", -32768, 32767),
    INT4("integer", Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT8("bigint", Long.MIN_VALUE, Long.MAX_VALUE),
    FLOAT4("real", 0, 0),
    FLOAT8("double precision", 0, 0),
    NUMERIC("numeric", 0, 0),
    BOOL("boolean", 0, 0),
    TEXT("text", 0, 0),
    PASS("", 0, 0);

    private final String sqlName;
    private final long min;
    private final long max;

    TypeCheck(String sqlName, long min, long max) {
        this.sqlName = sqlName;
        this.min = min;
        this.max = max;
    }

    /** The check for a type as {@code format_type} spells it. */
    public static TypeCheck forType(String formatted) {
        String t = formatted.toLowerCase(Locale.ROOT).trim();
        return switch (t) {
            case "smallint", "int2" -> INT2;
            case "integer", "int", "int4" -> INT4;
            case "bigint", "int8" -> INT8;
            case "real", "float4" -> FLOAT4;
            case "double precision", "float8", "float" -> FLOAT8;
            case "numeric", "decimal" -> NUMERIC;
            case "boolean", "bool" -> BOOL;
            case "text", "character varying", "varchar" -> TEXT;
            default -> PASS;
        };
    }

    /** Null when {@code c[off, off+len)} is acceptable input, else PostgreSQL's error. */
    public String check(byte[] c, int off, int len) {
        return switch (this) {
            case INT2, INT4, INT8 -> checkInteger(c, off, len);
            case FLOAT4, FLOAT8 -> checkFloat(c, off, len);
            case NUMERIC -> checkNumeric(c, off, len);
            case BOOL -> checkBool(c, off, len);
            case TEXT, PASS -> null;
        };
    }

    /** The value as PostgreSQL quotes it in a message (at most 200 bytes of it). */
    private static String text(byte[] c, int off, int len) {
        return new String(c, off, Math.min(len, 200), StandardCharsets.UTF_8);
    }

    private String invalid(byte[] c, int off, int len) {
        return "invalid input syntax for type " + sqlName + ": \"" + text(c, off, len) + "\"";
    }

    private static boolean space(byte ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == 0x0B;
    }

    private String checkInteger(byte[] c, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && space(c[i])) {
            i++;
        }
        while (end > i && space(c[end - 1])) {
            end--;
        }
        boolean neg = false;
        if (i < end && (c[i] == '+' || c[i] == '-')) {
            neg = c[i] == '-';
            i++;
        }
        if (i == end) {
            return invalid(c, off, len);
        }
        long v = 0;
        for (int k = i; k < end; k++) {
            byte ch = c[k];
            if (ch < '0' || ch > '9') {
                return invalid(c, off, len);
            }
            int d = ch - '0';
            if (v < (Long.MIN_VALUE + d) / 10) {
                return outOfRange(c, off, len);
            }
            v = v * 10 - d;
        }
        if (!neg && v == Long.MIN_VALUE) {
            return outOfRange(c, off, len);
        }
        long value = neg ? v : -v;
        if (value < min || value > max) {
            return outOfRange(c, off, len);
        }
        return null;
    }

    private String outOfRange(byte[] c, int off, int len) {
        return "value \"" + text(c, off, len) + "\" is out of range for type " + sqlName;
    }

    private String checkFloat(byte[] c, int off, int len) {
        int exp = decimalShape(c, off, len, true);
        if (exp == Integer.MIN_VALUE) {
            String special = specialFloat(c, off, len);
            return special != null && special.isEmpty() ? null : invalid(c, off, len);
        }
        if (Math.abs(exp) > 30) {
            double d = Double.parseDouble(new String(c, off, len, StandardCharsets.US_ASCII).trim());
            boolean tiny = d == 0 && hasNonZeroDigit(c, off, len);
            if (Double.isInfinite(d) || tiny || (this == FLOAT4 && (Math.abs(d) > Float.MAX_VALUE
                    || (d != 0 && Math.abs(d) < Float.MIN_VALUE)))) {
                return "\"" + text(c, off, len) + "\" is out of range for type " + sqlName;
            }
        }
        return null;
    }

    private static boolean hasNonZeroDigit(byte[] c, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (c[i] == 'e' || c[i] == 'E') {
                return false;
            }
            if (c[i] >= '1' && c[i] <= '9') {
                return true;
            }
        }
        return false;
    }

    /** "" for an accepted special value (NaN, Infinity), null when not a special word, "x" when bad. */
    private static String specialFloat(byte[] c, int off, int len) {
        String t = new String(c, off, len, StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || Character.isDigit(t.charAt(t.length() - 1)) || t.endsWith(".")) {
            return null;
        }
        String u = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        return switch (u) {
            case "nan", "infinity", "inf" -> "";
            default -> "x";
        };
    }

    private String checkNumeric(byte[] c, int off, int len) {
        if (decimalShape(c, off, len, true) != Integer.MIN_VALUE) {
            return null;
        }
        String t = new String(c, off, len, StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
        String u = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        return u.equals("nan") || u.equals("infinity") || u.equals("inf") ? null : invalid(c, off, len);
    }

    /** The exponent of a decimal number written [ws][sign](d+[.d*]|.d+)[e[sign]d+][ws]; MIN_VALUE if not one. */
    private static int decimalShape(byte[] c, int off, int len, boolean allowExponent) {
        int i = off;
        int end = off + len;
        while (i < end && space(c[i])) {
            i++;
        }
        while (end > i && space(c[end - 1])) {
            end--;
        }
        if (i < end && (c[i] == '+' || c[i] == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && c[i] >= '0' && c[i] <= '9') {
            i++;
            digits++;
        }
        if (i < end && c[i] == '.') {
            i++;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return Integer.MIN_VALUE;
        }
        int exp = 0;
        if (i < end && (c[i] == 'e' || c[i] == 'E') && allowExponent) {
            i++;
            boolean neg = false;
            if (i < end && (c[i] == '+' || c[i] == '-')) {
                neg = c[i] == '-';
                i++;
            }
            int ed = 0;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                exp = Math.min(exp * 10 + (c[i] - '0'), 100_000);
                i++;
                ed++;
            }
            if (ed == 0) {
                return Integer.MIN_VALUE;
            }
            exp = neg ? -exp : exp;
        }
        return i == end ? exp : Integer.MIN_VALUE;
    }

    private String checkBool(byte[] c, int off, int len) {
        if ((len == 4 && c[off] == 't' && c[off + 1] == 'r' && c[off + 2] == 'u' && c[off + 3] == 'e')
                || (len == 5 && c[off] == 'f' && c[off + 1] == 'a' && c[off + 2] == 'l' && c[off + 3] == 's' && c[off + 4] == 'e')) {
            return null;
        }
        String t = new String(c, off, len, StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
        boolean ok = !t.isEmpty() && ("true".startsWith(t) || "false".startsWith(t) || "yes".startsWith(t)
                || "no".startsWith(t) || t.equals("on") || t.equals("off") || t.equals("of")
                || t.equals("1") || t.equals("0"));
        return ok ? null : invalid(c, off, len);
    }
}
