package io.gpwarden.agent.decode;

import java.nio.charset.StandardCharsets;

/**
 * The values extracted from one record, reused for every record of a job so decoding allocates
 * nothing per row: slot {@code i} holds either SQL NULL or a run of valid UTF-8 bytes. A value
 * that appears verbatim in the record (a JSON string without escapes, a number, a CSV field
 * without quotes) is a reference into the record's bytes, valid until the next record is
 * decoded; one that had to be rewritten (escapes, quotes) lives in the slot's own buffer.
 * Not thread-safe; one instance per decoding thread.
 */
public final class Slots {
    private final byte[][] own;
    private final byte[][] bytes;
    private final int[] offset;
    private final int[] length;
    private final boolean[] present;

    public Slots(int count) {
        own = new byte[count][];
        bytes = new byte[count][];
        offset = new int[count];
        length = new int[count];
        present = new boolean[count];
        for (int i = 0; i < count; i++) {
            own[i] = new byte[64];
        }
    }

    public int count() {
        return own.length;
    }

    public void setNull(int slot) {
        present[slot] = false;
    }

    public boolean isNull(int slot) {
        return !present[slot];
    }

    /** The array holding the slot's bytes (the record's, or the slot's own). */
    public byte[] bytes(int slot) {
        return bytes[slot];
    }

    public int offset(int slot) {
        return offset[slot];
    }

    public int length(int slot) {
        return length[slot];
    }

    /** The value is {@code src[off, off+len)}, already known to be valid UTF-8; kept by reference. */
    public void setRef(int slot, byte[] src, int off, int len) {
        bytes[slot] = src;
        offset[slot] = off;
        length[slot] = len;
        present[slot] = true;
    }

    /** The slot's own buffer, at least {@code capacity} long, to write a rewritten value into (then {@link #setOwn}). */
    public byte[] own(int slot, int capacity) {
        if (own[slot].length < capacity) {
            own[slot] = new byte[Math.max(capacity, own[slot].length * 2)];
        }
        return own[slot];
    }

    /** The value is the first {@code len} bytes of the slot's own buffer. */
    public void setOwn(int slot, int len) {
        bytes[slot] = own[slot];
        offset[slot] = 0;
        length[slot] = len;
        present[slot] = true;
    }

    /** The value of ASCII text (tests). */
    public void set(int slot, String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, own(slot, b.length), 0, b.length);
        setOwn(slot, b.length);
    }

    /** The slot's text as a String (tests and error messages only). */
    public String toString(int slot) {
        return present[slot] ? new String(bytes[slot], offset[slot], length[slot], StandardCharsets.UTF_8) : null;
    }
}
