package io.gpwarden.agent.copy;

import java.util.ArrayDeque;

/**
 * Reuses the fixed-size chunks batches encode their rows into, so a steady load allocates (and
 * the JVM zeroes and the collector copies) no new chunk per 256 KB of rows. Holds at most
 * {@code capacity} idle chunks; beyond that a given-back chunk is left to the collector. A
 * chunk of another size (a row bigger than a chunk) is never pooled. Thread-safe: the decoder
 * takes, the writer gives back.
 */
public final class ChunkPool {
    public static final int CHUNK_BYTES = 256 * 1024;

    private final ArrayDeque<byte[]> idle = new ArrayDeque<>();
    private final int capacity;

    public ChunkPool(int capacity) {
        this.capacity = capacity;
    }

    /** A pool that keeps nothing (tests, one-off buffers). */
    public static ChunkPool none() {
        return new ChunkPool(0);
    }

    /** A chunk of {@link #CHUNK_BYTES}; its content is not cleared (writers overwrite what they use). */
    public synchronized byte[] take() {
        byte[] c = idle.pollFirst();
        return c != null ? c : new byte[CHUNK_BYTES];
    }

    public synchronized void give(byte[] chunk) {
        if (chunk != null && chunk.length == CHUNK_BYTES && idle.size() < capacity) {
            idle.addFirst(chunk);
        }
    }

    synchronized int idle() {
        return idle.size();
    }
}
