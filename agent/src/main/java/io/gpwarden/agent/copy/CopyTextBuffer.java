package io.gpwarden.agent.copy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of one batch encoded in PostgreSQL's COPY text format (tab-separated, {@code \N} for
 * NULL, backslash escapes), held in chunks so a COPY can stream the batch while it is still
 * being filled. A chunk is sealed at a row boundary once it holds about {@link #CHUNK_BYTES};
 * a sealed chunk never changes again, so the writing thread may send it while the decoding
 * thread fills the next. Rows never span chunks. Row boundaries are kept so any set of rows can
 * be sent again on its own (to isolate a row the database refuses).
 *
 * <p>Thread use: one thread writes; another may read sealed chunks once their sealing was
 * published to it through a lock or a queue (see {@code Batch}); row positions may be read by
 * the other thread only after the whole buffer was handed over.
 */
public final class CopyTextBuffer {
    public static final int CHUNK_BYTES = 256 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final List<byte[]> chunks = new ArrayList<>();
    private int[] chunkLengths = new int[16];
    private byte[] data;
    private int size;
    private int[] rowEnds = new int[1024];
    private int[] rowChunks = new int[1024];
    private int rows;
    private int rowStart;
    private boolean firstColumn;
    private long bytesTotal;

    public CopyTextBuffer() {
        data = new byte[CHUNK_BYTES];
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
            rowChunks = Arrays.copyOf(rowChunks, rows * 2);
        }
        rowEnds[rows] = size;
        rowChunks[rows] = chunks.size();
        rows++;
        if (size >= CHUNK_BYTES) {
            seal();
        }
    }

    /** Seals the current chunk (if it holds rows); returns the number of sealed chunks. */
    public int seal() {
        if (size > 0) {
            if (chunks.size() == chunkLengths.length) {
                chunkLengths = Arrays.copyOf(chunkLengths, chunkLengths.length * 2);
            }
            chunkLengths[chunks.size()] = size;
            chunks.add(data);
            bytesTotal += size;
            data = new byte[CHUNK_BYTES];
            size = 0;
            rowStart = 0;
        }
        return chunks.size();
    }

    public int sealedChunks() {
        return chunks.size();
    }

    /** Bytes of sealed chunk {@code i}. */
    public byte[] chunk(int i) {
        return chunks.get(i);
    }

    public int chunkLength(int i) {
        return chunkLengths[i];
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
        ensure(20);
        if (v < 0) {
            data[size++] = '-';
        }
        long u = Math.abs(v);
        if (v == Long.MIN_VALUE) {
            byte[] s = "9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, data, size, s.length);
            size += s.length;
            return;
        }
        int digits = 1;
        for (long x = u; x >= 10; x /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            data[i] = (byte) ('0' + (u % 10));
            u /= 10;
        }
        size = end;
    }

    private void put(byte b) {
        ensure(1);
        data[size++] = b;
    }

    /**
     * Room for {@code more} bytes in the current chunk. A row that does not fit moves, with what
     * was written of it, to a fresh chunk (sealing the rows before it); a row bigger than a
     * chunk gets a chunk of its own size.
     */
    private void ensure(int more) {
        if (size + more <= data.length) {
            return;
        }
        int partial = size - rowStart;
        if (rowStart > 0) {
            byte[] tail = Arrays.copyOfRange(data, rowStart, size);
            size = rowStart;
            seal();
            if (partial + more > data.length) {
                data = new byte[Math.max(CHUNK_BYTES, (partial + more) * 2)];
            }
            System.arraycopy(tail, 0, data, 0, partial);
            size = partial;
            rowStart = 0;
        } else {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }

    public int rows() {
        return rows;
    }

    /** The chunk holding row {@code i}. */
    public int rowChunk(int i) {
        return rowChunks[i];
    }

    /** First byte of row {@code i} in its chunk. */
    public int rowStart(int i) {
        return i == 0 || rowChunks[i - 1] != rowChunks[i] ? 0 : rowEnds[i - 1];
    }

    /** One past the last byte (the newline) of row {@code i} in its chunk. */
    public int rowEnd(int i) {
        return rowEnds[i];
    }

    /** Bytes in sealed chunks. */
    public long sealedBytes() {
        return bytesTotal;
    }

    /** Heap held, for the memory bound. */
    public long heapBytes() {
        return (long) chunks.size() * CHUNK_BYTES + data.length + rowEnds.length * 8L;
    }
}
