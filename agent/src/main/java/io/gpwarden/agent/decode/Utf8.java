package io.gpwarden.agent.decode;

/**
 * UTF-8 validation that rejects what PostgreSQL rejects on input: NUL bytes and malformed
 * sequences (overlongs, surrogates, code points past U+10FFFF), with PostgreSQL's wording.
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * The length (2 to 4) of the valid multi-byte sequence starting at {@code src[i]} (a byte
     * of 0x80 or more), or -1 when it is not one, or runs past {@code end}.
     */
    public static int sequence(byte[] src, int i, int end) {
        int c = src[i] & 0xFF;
        if (c >= 0xC2 && c <= 0xDF) {
            return i + 1 < end && continuation(src[i + 1]) ? 2 : -1;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            if (i + 2 >= end || !continuation(src[i + 1]) || !continuation(src[i + 2])) {
                return -1;
            }
            int c1 = src[i + 1] & 0xFF;
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) {
                return -1; // overlong, or a surrogate
            }
            return 3;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            if (i + 3 >= end || !continuation(src[i + 1]) || !continuation(src[i + 2]) || !continuation(src[i + 3])) {
                return -1;
            }
            int c1 = src[i + 1] & 0xFF;
            if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
                return -1; // overlong, or past U+10FFFF
            }
            return 4;
        }
        return -1;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** PostgreSQL's message for the first bad byte sequence. */
    public static String describeInvalid(byte[] src, int offset, int len) {
        int end = offset + len;
        for (int i = offset; i < end; i++) {
            if (src[i] == 0) {
                return "invalid byte sequence for encoding \"UTF8\": 0x00";
            }
            if (src[i] < 0) {
                int n = sequence(src, i, end);
                if (n < 0) {
                    return String.format("invalid byte sequence for encoding \"UTF8\": 0x%02x", src[i] & 0xFF);
                }
                i += n - 1;
            }
        }
        return "invalid byte sequence for encoding \"UTF8\"";
    }

    /** Whether the bytes are valid UTF-8 without NUL. */
    public static boolean isValid(byte[] src, int offset, int len) {
        int end = offset + len;
        int i = offset;
        while (i < end) {
            byte b = src[i];
            if (b > 0) {
                i++;
            } else if (b == 0) {
                return false;
            } else {
                int n = sequence(src, i, end);
                if (n < 0) {
                    return false;
                }
                i += n;
            }
        }
        return true;
    }

    /** Appends code point {@code cp} as UTF-8 at {@code dst[at]}; returns the new end. */
    public static int put(byte[] dst, int at, int cp) {
        if (cp < 0x80) {
            dst[at++] = (byte) cp;
        } else if (cp < 0x800) {
            dst[at++] = (byte) (0xC0 | (cp >> 6));
            dst[at++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            dst[at++] = (byte) (0xE0 | (cp >> 12));
            dst[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            dst[at++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            dst[at++] = (byte) (0xF0 | (cp >> 18));
            dst[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            dst[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            dst[at++] = (byte) (0x80 | (cp & 0x3F));
        }
        return at;
    }
}
