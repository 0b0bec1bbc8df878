package io.gpwarden.agent.copy;

import java.util.Arrays;

/**
 * The rows of one batch encoded in PostgreSQL's COPY text format (tab-separated, {@code \N} for
 * NULL, backslash escapes), ready to stream into a COPY as they are. Row boundaries are kept so a
 * range of rows can be sent again on its own (to isolate a row the database rejects).
 *
 * <p>Invariant: bytes [0, rowEnd(i)) hold rows 0..i, each ending in a newline. A row being
 * written can be dropped with {@link #abortRow()}. Not thread-safe: filled by the decoding
 * thread, then handed to the writing thread through a queue (a happens-before edge).
 */
public final class CopyTextBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] data;
    private int size;
    private int[] rowEnds;
    private int rows;
    private int rowStart;
    private boolean firstColumn;

    public CopyTextBuffer(int initialBytes) {
        data = new byte[Math.max(initialBytes, 1024)];
        rowEnds = new int[1024];
    }

    public void startRow() {
        rowStart = size;
        firstColumn = true;
    }

    public void abortRow() {
        size = rowStart;
    }

    public void endRow() {
        put((byte) '\n');
        if (rows == rowEnds.length) {
            rowEnds = Arrays.copyOf(rowEnds, rows * 2);
        }
        rowEnds[rows++] = size;
    }

    private void separator() {
        if (firstColumn) {
            firstColumn = false;
        } else {
            put((byte) '\t');
        }
    }

    public void writeNull() {
        separator();
        ensure(2);
        data[size++] = '\\';
        data[size++] = 'N';
    }

    /** A column from characters, written as UTF-8 with COPY escapes. */
    public void writeChars(char[] c, int off, int len) {
        separator();
        ensure(len * 3 + 2); // at most 3 bytes per char: escapes take 2, a surrogate pair 4 for 2
        byte[] d = data;
        int s = size;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                    d[s++] = '\\';
                    d[s++] = ch == '\\' ? (byte) '\\' : ch == '\t' ? (byte) 't' : ch == '\n' ? (byte) 'n' : (byte) 'r';
                } else {
                    d[s++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                d[s++] = (byte) (0xC0 | (ch >> 6));
                d[s++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
                int cp = Character.toCodePoint(ch, c[++i]);
                d[s++] = (byte) (0xF0 | (cp >> 18));
                d[s++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                d[s++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                d[s++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                d[s++] = (byte) (0xE0 | (ch >> 12));
                d[s++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                d[s++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        size = s;
    }

    /** A column from bytes that are already valid UTF-8, with COPY escapes. */
    public void writeUtf8(byte[] b, int off, int len) {
        separator();
        ensure(len * 2 + 2);
        byte[] d = data;
        int s = size;
        for (int i = off; i < off + len; i++) {
            byte x = b[i];
            if (x == '\\' || x == '\t' || x == '\n' || x == '\r') {
                d[s++] = '\\';
                d[s++] = x == '\\' ? (byte) '\\' : x == '\t' ? (byte) 't' : x == '\n' ? (byte) 'n' : (byte) 'r';
            } else {
                d[s++] = x;
            }
        }
        size = s;
    }

    /** A bytea column in hex form ({@code \\x...} once COPY-escaped). */
    public void writeBytea(byte[] b, int off, int len) {
        separator();
        ensure(len * 2 + 4);
        data[size++] = '\\';
        data[size++] = '\\';
        data[size++] = 'x';
        for (int i = off; i < off + len; i++) {
            data[size++] = HEX[(b[i] >> 4) & 0xF];
            data[size++] = HEX[b[i] & 0xF];
        }
    }

    public void writeLong(long v) {
        separator();
        String s = Long.toString(v);
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            data[size++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        data[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }

    public byte[] bytes() {
        return data;
    }

    public int size() {
        return size;
    }

    public int rows() {
        return rows;
    }

    /** First byte of row {@code i}. */
    public int rowStart(int i) {
        return i == 0 ? 0 : rowEnds[i - 1];
    }

    /** One past the last byte (the newline) of row {@code i}. */
    public int rowEnd(int i) {
        return rowEnds[i];
    }

    public void clear() {
        size = 0;
        rows = 0;
    }

    /** Bytes held, for the memory bound. */
    public int capacity() {
        return data.length + rowEnds.length * 4;
    }
}
