package io.gpwarden.agent.batch;

import io.gpwarden.agent.copy.ChunkPool;
import io.gpwarden.agent.job.CommitPolicy;
import io.gpwarden.agent.plan.RowEncoder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Fills batches from records as the consumer returns them: encodes each record into the open
 * batch, rejected records aside, and says when the batch must close (MAX_ROW rows, the byte cap
 * that keeps the heap flat, or MINIMAL_INTERVAL after its first record). Tracks, per partition,
 * the stored offset the next batch will expect, so consecutive batches chain their
 * compare-and-sets. Used by the consumer thread only.
 */
public final class BatchBuilder {
    private final RowEncoder encoder;
    private final CommitPolicy policy;
    private final long maxBytes;
    private final LongSupplier nanoClock;
    private final ChunkPool pool;
    private final Map<Integer, Long> expected = new HashMap<>();
    private long generation;
    private long sequence;
    private Batch open;

    public BatchBuilder(RowEncoder encoder, CommitPolicy policy, long maxBytes, LongSupplier nanoClock) {
        this.encoder = encoder;
        this.policy = policy;
        this.maxBytes = maxBytes;
        this.nanoClock = nanoClock;
        // Enough idle chunks for the three batches the pipeline holds at most.
        this.pool = new ChunkPool((int) (3 * maxBytes / ChunkPool.CHUNK_BYTES) + 8);
    }

    /** Positions a partition: the next batch expects {@code storedNext} in the database. */
    public void positioned(int partition, long storedNext) {
        expected.put(partition, storedNext);
    }

    public void forget(int partition) {
        expected.remove(partition);
    }

    public boolean isPositioned(int partition) {
        return expected.containsKey(partition);
    }

    /** Abandons the open batch and drops every position; batches built from now on carry {@code newGeneration}. */
    public void reset(long newGeneration) {
        generation = newGeneration;
        if (open != null) {
            open.abandon();
        }
        open = null;
        expected.clear();
    }

    public void add(int partition, long offset, long timestamp, byte[] key, byte[] value) {
        Long exp = expected.get(partition);
        if (exp == null) {
            return; // not positioned from the database yet (a record from before a reset): never load it
        }
        if (open == null) {
            open = new Batch(generation, sequence++, nanoClock.getAsLong(), encoder.newRowBuffer(pool), pool);
            if (encoder.tracksKeys()) {
                open.tracksKeys();
            }
        }
        open.cover(partition, offset, exp, value == null ? 0 : value.length);
        String err = encoder.encode(key, value, partition, offset, timestamp, open.nextSeq(), open.rows(), open.textRowsForEncoding());
        if (err == null) {
            open.accepted(partition, offset, key, value, encoder.lastRowText(), encoder.lastRowReliedOnUtc());
            if (encoder.tracksKeys()) {
                open.noteKey(encoder.keyHash());
            }
            open.publish();
        } else {
            open.reject(new Rejected(partition, offset, key, value, err));
        }
    }

    /** The batch being filled, if any. */
    public Batch open() {
        return open;
    }

    /** Whether the open batch must be handed over now. */
    public boolean due() {
        if (open == null) {
            return false;
        }
        return open.records() >= policy.maxRows()
                || open.heapBytes() >= maxBytes
                || nanoClock.getAsLong() - open.startedNanos() >= policy.interval().toNanos();
    }

    public boolean hasOpenBatch() {
        return open != null;
    }

    /** Closes the open batch (non-null only when there is one) and chains the expected offsets. */
    public Batch close() {
        Batch b = open;
        open = null;
        if (b != null) {
            b.close();
            for (OffsetAdvance a : b.advances()) {
                expected.put(a.partition(), a.next());
            }
        }
        return b;
    }
}
