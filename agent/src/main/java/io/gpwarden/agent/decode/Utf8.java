package io.gpwarden.agent.decode;

/**
 * UTF-8 decoding that rejects what PostgreSQL rejects on input: NUL bytes and malformed
 * sequences (including overlongs and surrogates), with PostgreSQL's wording.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** Decodes into {@code dst} (at least {@code len} long); returns the char count or -1 if invalid. */
    static int decode(byte[] src, int offset, int len, char[] dst) {
        int end = offset + len;
        int n = 0;
        int i = offset;
        while (i < end) {
            int b = src[i];
            if (b > 0) {
                dst[n++] = (char) b;
                i++;
                continue;
            }
            if (b == 0) {
                return -1;
            }
            int c = b & 0xFF;
            int need;
            int cp;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                cp = c & 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                cp = c & 0x07;
            } else {
                return -1;
            }
            if (i + need >= end) {
                return -1;
            }
            for (int k = 1; k <= need; k++) {
                int cc = src[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return -1;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
                return -1;
            }
            if (cp >= 0x10000) {
                dst[n++] = Character.highSurrogate(cp);
                dst[n++] = Character.lowSurrogate(cp);
            } else {
                dst[n++] = (char) cp;
            }
            i += need + 1;
        }
        return n;
    }

    /** PostgreSQL's message for the first bad byte sequence. */
    static String describeInvalid(byte[] src, int offset, int len) {
        for (int i = offset; i < offset + len; i++) {
            if (src[i] == 0) {
                return "invalid byte sequence for encoding \"UTF8\": 0x00";
            }
        }
        for (int i = offset; i < offset + len; i++) {
            if (src[i] < 0) {
                return String.format("invalid byte sequence for encoding \"UTF8\": 0x%02x", src[i] & 0xFF);
            }
        }
        return "invalid byte sequence for encoding \"UTF8\"";
    }

    /** Whether the bytes are valid UTF-8 without NUL (for whole records written as they are). */
    public static boolean isValid(byte[] src, int offset, int len) {
        int end = offset + len;
        int i = offset;
        while (i < end) {
            int b = src[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) {
                return false;
            }
            int c = b & 0xFF;
            int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (need < 0 || i + need >= end) {
                return false;
            }
            int cp = c & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07);
            for (int k = 1; k <= need; k++) {
                int cc = src[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }
}
