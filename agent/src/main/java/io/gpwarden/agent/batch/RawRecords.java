package io.gpwarden.agent.batch;

import io.gpwarden.agent.copy.ChunkPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The raw key and value of every row of a batch, kept until the batch commits so a row the
 * database refuses can go to the error table exactly as it arrived. Copied into pooled chunks
 * instead of holding the consumer's byte arrays: those then die young, and a batch in flight
 * costs the collector nothing per record. Written by the decoder; read by the writer only after
 * the batch was closed (published through the batch's lock).
 */
final class RawRecords {
    private final ChunkPool pool;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    private int[] chunkOf = new int[1024];
    private int[] start = new int[1024];
    private int[] keyLength = new int[1024];
    private int[] valueLength = new int[1024];
    private int count;
    private boolean released;

    RawRecords(ChunkPool pool) {
        this.pool = pool;
    }

    /** Keeps a copy of one record; returns its index. A null key or value stays null. */
    int add(byte[] key, byte[] value) {
        int k = key == null ? 0 : key.length;
        int v = value == null ? 0 : value.length;
        int need = k + v;
        if (current == null || used + need > current.length) {
            if (current != null) {
                chunks.add(current);
            }
            current = need > ChunkPool.CHUNK_BYTES ? new byte[need] : pool.take();
            used = 0;
        }
        if (count == chunkOf.length) {
            int n = count * 2;
            chunkOf = Arrays.copyOf(chunkOf, n);
            start = Arrays.copyOf(start, n);
            keyLength = Arrays.copyOf(keyLength, n);
            valueLength = Arrays.copyOf(valueLength, n);
        }
        chunkOf[count] = chunks.size();
        start[count] = used;
        keyLength[count] = key == null ? -1 : k;
        valueLength[count] = value == null ? -1 : v;
        if (k > 0) {
            System.arraycopy(key, 0, current, used, k);
        }
        if (v > 0) {
            System.arraycopy(value, 0, current, used + k, v);
        }
        used += need;
        return count++;
    }

    private byte[] chunk(int i) {
        return chunkOf[i] < chunks.size() ? chunks.get(chunkOf[i]) : current;
    }

    byte[] key(int i) {
        return keyLength[i] < 0 ? null : Arrays.copyOfRange(chunk(i), start[i], start[i] + keyLength[i]);
    }

    byte[] value(int i) {
        int k = Math.max(keyLength[i], 0);
        return valueLength[i] < 0 ? null : Arrays.copyOfRange(chunk(i), start[i] + k, start[i] + k + valueLength[i]);
    }

    long heapBytes() {
        return (long) (chunks.size() + 1) * ChunkPool.CHUNK_BYTES + chunkOf.length * 16L;
    }

    /** Gives the chunks back to the pool; once, when nobody reads this batch any more. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        for (byte[] c : chunks) {
            pool.give(c);
        }
        if (current != null) {
            pool.give(current);
        }
        chunks.clear();
        current = null;
    }
}
