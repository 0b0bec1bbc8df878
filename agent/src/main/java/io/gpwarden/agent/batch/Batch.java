package io.gpwarden.agent.batch;

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
 * <p>Built by one thread, then handed over through a queue (a happens-before edge) and only read
 * afterwards. {@code generation} ties it to the agent's view of partition positions: a batch of
 * an older generation is dropped, never written.
 */
public final class Batch {
    private final long generation;
    private final long sequence;
    private final CopyTextBuffer rows;
    private int[] partitions = new int[1024];
    private long[] offsets = new long[1024];
    private byte[][] keys = new byte[1024][];
    private byte[][] values = new byte[1024][];
    private final List<Rejected> rejected = new ArrayList<>();
    private final Map<Integer, long[]> ranges = new LinkedHashMap<>();
    private int records;
    private long rawBytes;
    private final long startedNanos;

    public Batch(long generation, long sequence, int initialBytes, long startedNanos) {
        this.generation = generation;
        this.sequence = sequence;
        this.rows = new CopyTextBuffer(initialBytes);
        this.startedNanos = startedNanos;
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

    /** Records the source of the row just encoded (row index {@code rows().rows() - 1}). */
    void accepted(int partition, long offset, byte[] key, byte[] value) {
        int i = rows.rows() - 1;
        if (i >= partitions.length) {
            int n = partitions.length * 2;
            partitions = Arrays.copyOf(partitions, n);
            offsets = Arrays.copyOf(offsets, n);
            keys = Arrays.copyOf(keys, n);
            values = Arrays.copyOf(values, n);
        }
        partitions[i] = partition;
        offsets[i] = offset;
        keys[i] = key;
        values[i] = value;
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

    public CopyTextBuffer rows() {
        return rows;
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

    /** The record behind row {@code i}, as a rejection with {@code error}. */
    public Rejected rowAsRejected(int i, String error) {
        return new Rejected(partitions[i], offsets[i], keys[i], values[i], error);
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

    /** Approximate heap held by this batch. */
    public long heapBytes() {
        return rows.capacity() + rawBytes * 2L + partitions.length * 28L;
    }
}
