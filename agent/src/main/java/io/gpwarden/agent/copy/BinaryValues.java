package io.gpwarden.agent.copy;

import java.nio.charset.StandardCharsets;

/**
 * Converts a value's text (UTF-8 bytes that already passed its {@link TypeCheck}) into its COPY
 * binary form, equal to what PostgreSQL's input function would store for the same text. Only
 * shapes whose conversion is exact are converted; for anything else the methods return false
 * and write nothing, and the row goes to the text format instead. Pure functions.
 *
 * <ul>
 *   <li>integers: PostgreSQL's syntax (surrounding white space, a sign, decimal digits);</li>
 *   <li>double precision: plain decimal notation without white space (correctly rounded, as
 *       glibc's strtod rounds), and exactly {@code NaN}, {@code Infinity}, {@code -Infinity};</li>
 *   <li>boolean: exactly {@code true}, {@code false}, {@code t}, {@code f};</li>
 *   <li>timestamps and dates: see {@link IsoTimestamp}.</li>
 * </ul>
 */
public final class BinaryValues {
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
        1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private BinaryValues() {
    }

    /**
     * Writes {@code v[off, off+len)} in {@code form}; false (nothing written) when the value's
     * shape is not one this class converts exactly. {@code sessionUtc}: whether the session's
     * TimeZone is UTC, so a timestamp without an offset may be converted.
     */
    public static boolean write(BinaryForm form, byte[] v, int off, int len, boolean sessionUtc, CopyBinaryBuffer out) {
        switch (form) {
            case INT2, INT4, INT8 -> writeInteger(form, v, off, len, out);
            case FLOAT8 -> {
                return writeFloat8(v, off, len, out);
            }
            case BOOL -> {
                return writeBool(v, off, len, out);
            }
            case TEXT, JSON -> out.writeBytes(v, off, len);
            case JSONB -> out.writeJsonb(v, off, len);
            case TIMESTAMPTZ, TIMESTAMP -> {
                return writeTimestamp(form == BinaryForm.TIMESTAMPTZ, v, off, len, sessionUtc, out);
            }
            case DATE -> {
                return writeDate(v, off, len, out);
            }
            default -> {
                return false; // BYTEA: only whole records, written by the caller
            }
        }
        return true;
    }

    /** smallint, integer or bigint (the value passed its type check, so it fits). */
    public static void writeInteger(BinaryForm form, byte[] v, int off, int len, CopyBinaryBuffer out) {
        long x = parseInteger(v, off, len);
        switch (form) {
            case INT2 -> out.writeInt2((short) x);
            case INT4 -> out.writeInt4((int) x);
            default -> out.writeInt8(x);
        }
    }

    public static boolean writeFloat8(byte[] v, int off, int len, CopyBinaryBuffer out) {
        if (isPlainDecimal(v, off, len)) {
            out.writeFloat8Bits(Double.doubleToRawLongBits(parseDecimal(v, off, len)));
            return true;
        }
        long special = specialDouble(v, off, len);
        if (special == 0) {
            return false;
        }
        out.writeFloat8Bits(special);
        return true;
    }

    public static boolean writeBool(byte[] v, int off, int len, CopyBinaryBuffer out) {
        int b = bool(v, off, len);
        if (b < 0) {
            return false;
        }
        out.writeBool(b == 1);
        return true;
    }

    public static boolean writeTimestamp(boolean withZone, byte[] v, int off, int len, boolean sessionUtc, CopyBinaryBuffer out) {
        long us = IsoTimestamp.micros(v, off, len, withZone, sessionUtc);
        if (us == IsoTimestamp.NOT_EXACT) {
            return false;
        }
        out.writeInt8(us);
        return true;
    }

    public static boolean writeDate(byte[] v, int off, int len, CopyBinaryBuffer out) {
        long days = IsoTimestamp.days(v, off, len);
        if (days == IsoTimestamp.NOT_EXACT) {
            return false;
        }
        out.writeInt4((int) days);
        return true;
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B;
    }

    /** An integer TypeCheck accepted: [space][sign]digits[space]. */
    static long parseInteger(byte[] v, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && space(v[i])) {
            i++;
        }
        boolean neg = false;
        if (i < end && (v[i] == '+' || v[i] == '-')) {
            neg = v[i] == '-';
            i++;
        }
        long acc = 0;
        for (; i < end && v[i] >= '0' && v[i] <= '9'; i++) {
            acc = acc * 10 - (v[i] - '0');
        }
        return neg ? acc : -acc;
    }

    /** [sign](d+[.d*]|.d+)[(e|E)[sign]d+], nothing else. */
    static boolean isPlainDecimal(byte[] v, int off, int len) {
        int i = off;
        int end = off + len;
        if (i < end && (v[i] == '+' || v[i] == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && v[i] >= '0' && v[i] <= '9') {
            i++;
            digits++;
        }
        if (i < end && v[i] == '.') {
            i++;
            while (i < end && v[i] >= '0' && v[i] <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < end && (v[i] == 'e' || v[i] == 'E')) {
            i++;
            if (i < end && (v[i] == '+' || v[i] == '-')) {
                i++;
            }
            int e = 0;
            while (i < end && v[i] >= '0' && v[i] <= '9') {
                i++;
                e++;
            }
            if (e == 0) {
                return false;
            }
        }
        return i == end;
    }

    /**
     * The correctly rounded double of a plain decimal. At most 15 significant digits and a
     * power of ten up to 22 take one exact multiplication or division (both operands exact, so
     * the one rounding is the correct one); anything else goes through the JDK's correctly
     * rounded parser.
     */
    static double parseDecimal(byte[] v, int off, int len) {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (v[i] == '+' || v[i] == '-') {
            neg = v[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int scale = 0;
        boolean dot = false;
        for (; i < end; i++) {
            byte b = v[i];
            if (b == '.') {
                dot = true;
                continue;
            }
            if (b < '0' || b > '9') {
                break;
            }
            if (mantissa == 0 && b == '0') {
                if (dot) {
                    scale--;
                }
                continue;
            }
            if (significant == 15) {
                return slow(v, off, len);
            }
            mantissa = mantissa * 10 + (b - '0');
            significant++;
            if (dot) {
                scale--;
            }
        }
        if (i < end) {
            i++; // e or E
            boolean eneg = false;
            if (v[i] == '+' || v[i] == '-') {
                eneg = v[i] == '-';
                i++;
            }
            int e = 0;
            for (; i < end; i++) {
                if (e > 10_000) {
                    return slow(v, off, len);
                }
                e = e * 10 + (v[i] - '0');
            }
            scale += eneg ? -e : e;
        }
        double m = mantissa;
        double r;
        if (mantissa == 0) {
            r = 0;
        } else if (scale >= 0 && scale <= 22) {
            r = m * POW10[scale];
        } else if (scale < 0 && scale >= -22) {
            r = m / POW10[-scale];
        } else {
            return slow(v, off, len);
        }
        return neg ? -r : r;
    }

    private static double slow(byte[] v, int off, int len) {
        return Double.parseDouble(new String(v, off, len, StandardCharsets.US_ASCII));
    }

    /** The bits of exactly NaN, Infinity or -Infinity; 0 for anything else. */
    static long specialDouble(byte[] v, int off, int len) {
        if (equals(v, off, len, "NaN")) {
            return Double.doubleToRawLongBits(Double.NaN);
        }
        if (equals(v, off, len, "Infinity")) {
            return Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
        }
        if (equals(v, off, len, "-Infinity")) {
            return Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
        }
        return 0;
    }

    /** 1 true, 0 false, -1 not one of the four spellings converted here. */
    static int bool(byte[] v, int off, int len) {
        if (len == 1) {
            return v[off] == 't' ? 1 : v[off] == 'f' ? 0 : -1;
        }
        if (equals(v, off, len, "true")) {
            return 1;
        }
        return equals(v, off, len, "false") ? 0 : -1;
    }

    static boolean equals(byte[] v, int off, int len, String ascii) {
        if (len != ascii.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (v[off + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
