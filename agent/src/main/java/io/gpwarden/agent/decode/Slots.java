package io.gpwarden.agent.decode;

/**
 * The values extracted from one record, reused for every record of a job so decoding allocates
 * nothing per row: slot {@code i} holds either SQL NULL or a run of characters. Not thread-safe;
 * one instance per decoding thread.
 */
public final class Slots {
    private final char[][] text;
    private final int[] length;
    private final boolean[] present;

    public Slots(int count) {
        text = new char[count][];
        length = new int[count];
        present = new boolean[count];
        for (int i = 0; i < count; i++) {
            text[i] = new char[64];
        }
    }

    public int count() {
        return text.length;
    }

    public void clear() {
        java.util.Arrays.fill(present, false);
    }

    public void setNull(int slot) {
        present[slot] = false;
    }

    public boolean isNull(int slot) {
        return !present[slot];
    }

    public char[] chars(int slot) {
        return text[slot];
    }

    public int length(int slot) {
        return length[slot];
    }

    public void set(int slot, char[] src, int offset, int len) {
        char[] dst = ensure(slot, len);
        System.arraycopy(src, offset, dst, 0, len);
        length[slot] = len;
        present[slot] = true;
    }

    public void set(int slot, String s) {
        char[] dst = ensure(slot, s.length());
        s.getChars(0, s.length(), dst, 0);
        length[slot] = s.length();
        present[slot] = true;
    }

    /**
     * Decodes UTF-8 bytes into the slot. Returns null, or the error PostgreSQL would give for the
     * same bytes (a NUL byte or an invalid sequence).
     */
    public String setUtf8(int slot, byte[] src, int offset, int len) {
        char[] dst = ensure(slot, len);
        int n = Utf8.decode(src, offset, len, dst);
        if (n < 0) {
            present[slot] = false;
            return Utf8.describeInvalid(src, offset, len);
        }
        length[slot] = n;
        present[slot] = true;
        return null;
    }

    private char[] ensure(int slot, int len) {
        if (text[slot].length < len) {
            text[slot] = new char[Math.max(len, text[slot].length * 2)];
        }
        return text[slot];
    }

    /** The slot's text as a String (tests and error messages only). */
    public String toString(int slot) {
        return present[slot] ? new String(text[slot], 0, length[slot]) : null;
    }
}
