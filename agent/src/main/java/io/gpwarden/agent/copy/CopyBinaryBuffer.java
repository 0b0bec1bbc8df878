package io.gpwarden.agent.copy;

/**
 * Rows in PostgreSQL's COPY binary format: per row a 16-bit field count, then per field a
 * 32-bit length (-1 for NULL) and the value in its type's binary form (network byte order).
 * The stream's {@link #HEADER} and {@link #TRAILER} are not part of the buffer: a COPY sends
 * them around whichever rows it sends, so any subset of rows forms a valid stream.
 */
public final class CopyBinaryBuffer extends CopyBuffer {
    /** Signature, flags (no OIDs), header extension length 0. */
    public static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Field count -1: end of data. */
    public static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};

    private final short fields;

    public CopyBinaryBuffer(ChunkPool pool, int fields) {
        super(pool);
        this.fields = (short) fields;
    }

    @Override
    public void startRow() {
        super.startRow();
        ensure(2);
        putShort(fields);
    }

    public void endRow() {
        rowWritten();
    }

    public void writeNull() {
        ensure(4);
        putInt(-1);
    }

    /** A value whose binary form is its bytes (text, varchar, json, bytea). */
    public void writeBytes(byte[] b, int off, int len) {
        ensure(4 + len);
        putInt(len);
        System.arraycopy(b, off, data, size, len);
        size += len;
    }

    /** jsonb: a version byte (1) before the text. */
    public void writeJsonb(byte[] b, int off, int len) {
        ensure(5 + len);
        putInt(len + 1);
        data[size++] = 1;
        System.arraycopy(b, off, data, size, len);
        size += len;
    }

    public void writeInt2(short v) {
        ensure(6);
        putInt(2);
        putShort(v);
    }

    public void writeInt4(int v) {
        ensure(8);
        putInt(4);
        putInt(v);
    }

    public void writeInt8(long v) {
        ensure(12);
        putInt(8);
        putLong(v);
    }

    /** float8 from its IEEE 754 bits. */
    public void writeFloat8Bits(long bits) {
        writeInt8(bits);
    }

    public void writeBool(boolean v) {
        ensure(5);
        putInt(1);
        data[size++] = (byte) (v ? 1 : 0);
    }

    private void putShort(short v) {
        data[size++] = (byte) (v >> 8);
        data[size++] = (byte) v;
    }

    private void putInt(int v) {
        byte[] d = data;
        int s = size;
        d[s] = (byte) (v >> 24);
        d[s + 1] = (byte) (v >> 16);
        d[s + 2] = (byte) (v >> 8);
        d[s + 3] = (byte) v;
        size = s + 4;
    }

    private void putLong(long v) {
        putInt((int) (v >> 32));
        putInt((int) v);
    }
}
