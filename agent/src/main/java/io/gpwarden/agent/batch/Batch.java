package io.gpwarden.agent.batch;

import io.gpwarden.agent.copy.ChunkPool;
import io.gpwarden.agent.copy.CopyBinaryBuffer;
import io.gpwarden.agent.copy.CopyBuffer;
import io.gpwarden.agent.copy.CopyTextBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch: the encoded rows, the records rejected while encoding, and per partition the offset
 * range it covers. It becomes exactly one database transaction. For each accepted row it keeps
 * the record's coordinates and raw bytes, so a row the database refuses can be sent to the error
 * table as it arrived.
 *
 * <p>Streaming: the decoding thread fills it and publishes sealed chunks of rows as they fill;
 * the writing thread may start its COPY as soon as the batch is handed over and sends each
 * chunk once published ({@link #awaitChunks}). Everything else (row coordinates, rejections,
 * offset ranges) is read by the writer only after {@link #close()}, which publishes it. A batch
 * abandoned by the decoder (its partitions are being repositioned) is never committed.
 * {@code generation} ties it to the agent's view of partition positions.
 */
public final class Batch {
    private final long generation;
    private final long sequence;
    private final CopyBuffer rows;
    private final CopyTextBuffer textRows;
    private final RowSources sources = new RowSources(1024);
    private final RowSources textSources;
    private final RawRecords raw;
    private final List<Rejected> rejected = new ArrayList<>();
    private final Map<Integer, long[]> ranges = new LinkedHashMap<>();
    private int records;
    private int accepted;
    private long rawBytes;
    private final long startedNanos;
    private int published;
    private boolean closed;
    private boolean abandoned;
    private volatile boolean handedOver;
    private long[] keyHashes;
    private int keyCount;
    // Until the builder says it tracks this batch's keys, two rows may share one.
    private boolean repeatedKeys = true;
    private boolean reliedOnUtc;

    /** Where each row of one buffer came from (its raw record in {@link #raw}), so a refused row can be recorded as it arrived. */
    private static final class RowSources {
        int[] partitions;
        long[] offsets;
        int[] records;

        RowSources(int capacity) {
            partitions = new int[capacity];
            offsets = new long[capacity];
            records = new int[capacity];
        }

        void set(int i, int partition, long offset, int record) {
            if (i >= partitions.length) {
                int n = Math.max(partitions.length * 2, i + 1);
                partitions = Arrays.copyOf(partitions, n);
                offsets = Arrays.copyOf(offsets, n);
                records = Arrays.copyOf(records, n);
            }
            partitions[i] = partition;
            offsets[i] = offset;
            records[i] = record;
        }

        Rejected rejected(int i, String error, RawRecords raw) {
            return new Rejected(partitions[i], offsets[i], raw.key(records[i]), raw.value(records[i]), error);
        }

        long heapBytes() {
            return partitions.length * 16L;
        }
    }

    /** Thrown to the writer when the batch it streams was abandoned by the decoder. */
    public static final class AbandonedException extends Exception {
        private static final long serialVersionUID = 1L;

        AbandonedException() {
            super("batch abandoned: its partitions are being repositioned from the database", null, false, false);
        }
    }

    /** A batch written in COPY text format (tests). */
    public Batch(long generation, long sequence, long startedNanos) {
        this(generation, sequence, startedNanos, new CopyTextBuffer(), ChunkPool.none());
    }

    /**
     * @param rows the buffer the rows stream through (binary or text, as the plan says)
     * @param pool where a text buffer for rows that have no exact binary form takes its chunks
     */
    public Batch(long generation, long sequence, long startedNanos, CopyBuffer rows, ChunkPool pool) {
        this.generation = generation;
        this.sequence = sequence;
        this.rows = rows;
        this.startedNanos = startedNanos;
        this.raw = new RawRecords(pool);
        if (rows instanceof CopyBinaryBuffer) {
            // Takes no chunk until a row needs it.
            this.textRows = new CopyTextBuffer(pool);
            this.textSources = new RowSources(16);
        } else {
            this.textRows = null;
            this.textSources = null;
        }
    }

    /** Publishes the chunks sealed so far to the writer. Decoder thread. */
    void publish() {
        int sealed = rows.sealedChunks();
        if (sealed > published) {
            synchronized (this) {
                published = sealed;
                notifyAll();
            }
        }
    }

    /** Seals the last chunk and publishes the whole batch. Decoder thread. */
    synchronized void close() {
        published = rows.seal();
        if (textRows != null) {
            textRows.seal();
        }
        closed = true;
        notifyAll();
    }

    /** Tells a writer streaming this batch to give up. Any thread. */
    public synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    /**
     * Waits until more than {@code have} chunks are published (returns how many), or the batch
     * is closed with no more (returns -1). Writer thread.
     */
    public synchronized int awaitChunks(int have) throws AbandonedException, InterruptedException {
        while (!abandoned && published <= have && !closed) {
            wait();
        }
        if (abandoned) {
            throw new AbandonedException();
        }
        return published > have ? published : -1;
    }

    /** Waits until the batch is closed (all its rows and records known). Writer thread. */
    public synchronized void awaitClosed() throws AbandonedException, InterruptedException {
        while (!abandoned && !closed) {
            wait();
        }
        if (abandoned) {
            throw new AbandonedException();
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public boolean isHandedOver() {
        return handedOver;
    }

    public void handedOver() {
        handedOver = true;
    }

    /** Notes a record of {@code partition} at {@code offset}, expecting the stored offset {@code expected}. */
    void cover(int partition, long offset, long expected, int valueBytes) {
        long[] r = ranges.get(partition);
        if (r == null) {
            ranges.put(partition, new long[] {expected, offset + 1});
        } else {
            r[1] = offset + 1;
        }
        records++;
        rawBytes += valueBytes;
    }

    /** The row position (arrival order over both buffers) the next accepted row takes. */
    int nextSeq() {
        return accepted;
    }

    /**
     * Records the source of the row just encoded, into the streamed buffer or (for a row with
     * no exact binary form) the text buffer; {@code reliedOnUtc}: its binary form assumed the
     * session's TimeZone is UTC.
     */
    void accepted(int partition, long offset, byte[] key, byte[] value, boolean text, boolean reliedOnUtc) {
        int record = raw.add(key, value);
        if (text) {
            textSources.set(textRows.rows() - 1, partition, offset, record);
        } else {
            sources.set(rows.rows() - 1, partition, offset, record);
        }
        this.reliedOnUtc |= reliedOnUtc;
        accepted++;
    }

    /** The buffer for rows with no exact binary form (null for a text batch). Decoder thread. */
    CopyTextBuffer textRowsForEncoding() {
        return textRows;
    }

    /** The encoder tracks this batch's match keys: it holds no repeated key unless {@link #noteKey} sees one. */
    void tracksKeys() {
        repeatedKeys = false;
    }

    /**
     * Notes the match-column hash of the row just accepted (0: a NULL key). A hash seen before,
     * or a NULL key, marks the batch as possibly holding repeated keys (hash collisions only err
     * on the safe side).
     */
    void noteKey(long hash) {
        if (repeatedKeys) {
            return;
        }
        if (hash == 0) {
            repeatedKeys = true;
            keyHashes = null;
            return;
        }
        if (keyHashes == null) {
            keyHashes = new long[1024];
        }
        if (keyCount * 2 >= keyHashes.length) {
            long[] old = keyHashes;
            keyHashes = new long[old.length * 2];
            keyCount = 0;
            for (long k : old) {
                if (k != 0) {
                    insertKey(k);
                }
            }
        }
        if (!insertKey(hash)) {
            repeatedKeys = true;
            keyHashes = null;
        }
    }

    private boolean insertKey(long hash) {
        int mask = keyHashes.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (keyHashes[i] != 0) {
            if (keyHashes[i] == hash) {
                return false;
            }
            i = (i + 1) & mask;
        }
        keyHashes[i] = hash;
        keyCount++;
        return true;
    }

    /** Whether two rows of this batch may share a key (then the latest-row step is needed). Read after close. */
    public boolean mayRepeatKeys() {
        return repeatedKeys;
    }

    void reject(Rejected r) {
        rejected.add(r);
    }

    public long generation() {
        return generation;
    }

    public long sequence() {
        return sequence;
    }

    /** The rows streamed while the batch fills (binary or text format, as the plan says). */
    public CopyBuffer rows() {
        return rows;
    }

    /**
     * Rows of a binary batch that travel in text format (values the agent does not convert
     * exactly), sent in a second COPY; null when there are none. Read after close.
     */
    public CopyTextBuffer textRows() {
        return textRows == null || textRows.rows() == 0 ? null : textRows;
    }

    /** Rows in both buffers; row {@code i} counts the streamed buffer first, then the text rows. */
    public int rowCount() {
        return rows.rows() + (textRows == null ? 0 : textRows.rows());
    }

    /** Whether a row's binary form assumed the session TimeZone is UTC (checked before commit). Read after close. */
    public boolean reliedOnUtc() {
        return reliedOnUtc;
    }

    /**
     * Gives the buffers' chunks back to their pool. Only when neither thread will touch the batch
     * again: the writer is done with it and the decoder closed or abandoned it.
     */
    public synchronized void release() {
        if (closed || abandoned) {
            rows.release();
            if (textRows != null) {
                textRows.release();
            }
            raw.release();
        }
    }

    /** Records read (rows plus rejected). */
    public int records() {
        return records;
    }

    public long rawBytes() {
        return rawBytes;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public List<Rejected> rejectedWhileEncoding() {
        return rejected;
    }

    /** The record behind row {@code i} (see {@link #rowCount()}), as a rejection with {@code error}. */
    public Rejected rowAsRejected(int i, String error) {
        int primary = rows.rows();
        return i < primary ? sources.rejected(i, error, raw) : textSources.rejected(i - primary, error, raw);
    }

    public List<OffsetAdvance> advances() {
        List<OffsetAdvance> out = new ArrayList<>();
        ranges.forEach((p, r) -> out.add(new OffsetAdvance(p, r[0], r[1])));
        return out;
    }

    public Collection<Integer> partitionsCovered() {
        return ranges.keySet();
    }

    public boolean isEmpty() {
        return records == 0;
    }

    /** Approximate heap held by this batch (encoded rows, the copies of the raw records it keeps, row coordinates). */
    public long heapBytes() {
        return rows.heapBytes() + (textRows == null ? 0 : textRows.heapBytes() + textSources.heapBytes()) + raw.heapBytes()
                + sources.heapBytes();
    }
}
