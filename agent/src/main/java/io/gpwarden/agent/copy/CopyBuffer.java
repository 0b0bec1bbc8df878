package io.gpwarden.agent.copy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of one batch encoded for COPY (text or binary format, see the subclasses), held in
 * chunks so a COPY can stream the batch while it is still being filled. A chunk is sealed at a
 * row boundary once it holds about {@link #CHUNK_BYTES}; a sealed chunk never changes again, so
 * the writing thread may send it while the decoding thread fills the next. Rows never span
 * chunks. Row boundaries are kept so any set of rows can be sent again on its own (to isolate a
 * row the database refuses). Chunks come from, and go back to, a {@link ChunkPool}.
 *
 * <p>Thread use: one thread writes; another may read sealed chunks once their sealing was
 * published to it through a lock or a queue (see {@code Batch}); row positions may be read by
 * the other thread only after the whole buffer was handed over.
 */
public abstract class CopyBuffer {
    public static final int CHUNK_BYTES = ChunkPool.CHUNK_BYTES;

    private final ChunkPool pool;
    private final List<byte[]> chunks = new ArrayList<>();
    private int[] chunkLengths = new int[16];
    protected byte[] data;
    protected int size;
    private int[] rowEnds = new int[1024];
    private int[] rowChunks = new int[1024];
    private int rows;
    protected int rowStart;
    private long bytesTotal;
    private boolean released;

    protected CopyBuffer(ChunkPool pool) {
        this.pool = pool;
    }

    public void startRow() {
        rowStart = size;
    }

    /** Forgets what was written of the current row. */
    public void abortRow() {
        size = rowStart;
    }

    /** Marks the end of the current row (after any row terminator the format needs). */
    protected void rowWritten() {
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
            data = null; // the next chunk is taken when the next row needs it
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

    /**
     * Room for {@code more} bytes in the current chunk. A row that does not fit moves, with what
     * was written of it, to a fresh chunk (sealing the rows before it); a row bigger than a
     * chunk gets a chunk of its own size.
     */
    protected final void ensure(int more) {
        if (data == null) {
            data = pool.take();
        }
        if (size + more <= data.length) {
            return;
        }
        int partial = size - rowStart;
        if (rowStart > 0) {
            byte[] tail = Arrays.copyOfRange(data, rowStart, size);
            size = rowStart;
            seal();
            data = partial + more > CHUNK_BYTES ? new byte[(partial + more) * 2] : pool.take();
            System.arraycopy(tail, 0, data, 0, partial);
            size = partial;
            rowStart = 0;
        } else {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }

    protected final void put(byte b) {
        ensure(1);
        data[size++] = b;
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

    /** One past the last byte of row {@code i} in its chunk. */
    public int rowEnd(int i) {
        return rowEnds[i];
    }

    /** Bytes in sealed chunks. */
    public long sealedBytes() {
        return bytesTotal;
    }

    /** Heap held, for the memory bound. */
    public long heapBytes() {
        return (long) chunks.size() * CHUNK_BYTES + (data == null ? 0 : data.length) + rowEnds.length * 8L;
    }

    /**
     * Gives the chunks back to the pool. Only once neither thread will touch this buffer again
     * (the batch was written or dropped, and its decoder is done with it).
     */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        for (byte[] c : chunks) {
            pool.give(c);
        }
        if (data != null) {
            pool.give(data);
        }
        chunks.clear();
        data = null;
    }
}
