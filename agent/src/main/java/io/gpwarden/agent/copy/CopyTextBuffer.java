package io.gpwarden.agent.copy;

/**
 * Rows in PostgreSQL's COPY text format: tab-separated columns, {@code \N} for NULL, backslash
 * escapes for backslash, tab, newline and carriage return, one row per line. Values arrive as
 * valid UTF-8 bytes and are written as they are apart from those escapes.
 */
public final class CopyTextBuffer extends CopyBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private boolean firstColumn;

    public CopyTextBuffer() {
        this(ChunkPool.none());
    }

    public CopyTextBuffer(ChunkPool pool) {
        super(pool);
    }

    @Override
    public void startRow() {
        super.startRow();
        firstColumn = true;
    }

    public void endRow() {
        put((byte) '\n');
        rowWritten();
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

    /** A column from bytes that are valid UTF-8, with COPY escapes. */
    public void writeUtf8(byte[] b, int off, int len) {
        separator();
        ensure(len * 2);
        byte[] d = data;
        int s = size;
        for (int i = off, end = off + len; i < end; i++) {
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
        ensure(len * 2 + 3);
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
        ensure(20);
        if (v == Long.MIN_VALUE) {
            System.arraycopy(LONG_MIN, 0, data, size, LONG_MIN.length);
            size += LONG_MIN.length;
            return;
        }
        if (v < 0) {
            data[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            data[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        size = end;
    }
}
