package io.gpwarden.agent.source;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where records come from: one topic's partitions. Contract:
 *
 * <ul>
 *   <li>Single-threaded: every method, and every {@link Listener} callback, runs on the thread
 *       that calls {@link #poll} (the Kafka consumer's rule).</li>
 *   <li>A partition delivers nothing until {@link #seek} positioned it; positions come from the
 *       database, never from the source's own committed offsets.</li>
 *   <li>{@link #poll} hands records to the handler in offset order per partition, without
 *       allocating per record beyond what the client already did. A partition whose position
 *       left the log's retention is reported through {@link Listener#outOfRange} and delivers
 *       nothing until sought again.</li>
 *   <li>Paused partitions deliver nothing, but {@link #poll} must still be called so the source
 *       keeps its group membership.</li>
 *   <li>{@link #commitAdvisory} is best effort, for monitoring tools only.</li>
 * </ul>
 */
public interface RecordSource extends AutoCloseable {

    /** Receives records; called for each record in a poll. */
    @FunctionalInterface
    interface RecordHandler {
        void record(int partition, long offset, long timestamp, byte[] key, byte[] value);
    }

    /** Partition assignment events (group rebalances, or the fixed assignment at start). */
    interface Listener {
        /** Before partitions are taken away: finish or abort whatever covers them before returning. */
        void revoked(Collection<Integer> partitions);

        /** After partitions were given; they deliver nothing until sought. */
        void assigned(Collection<Integer> partitions);

        /** The position of these partitions is no longer in the log. */
        void outOfRange(Map<Integer, Long> positions);
    }

    void start(Listener listener);

    void poll(Duration timeout, RecordHandler handler);

    void seek(int partition, long offset);

    void pause(Collection<Integer> partitions);

    void resume(Collection<Integer> partitions);

    Set<Integer> assignment();

    Map<Integer, Long> beginningOffsets(Collection<Integer> partitions);

    Map<Integer, Long> endOffsets(Collection<Integer> partitions);

    /**
     * The end of each partition as far as the source knows without asking the broker (its last
     * fetch); partitions whose end is not known yet are missing. Never blocks.
     */
    Map<Integer, Long> knownEnds(Collection<Integer> partitions);

    /** The next offset this source will deliver for a positioned partition. Never blocks. */
    long position(int partition);

    void commitAdvisory(Map<Integer, Long> nextOffsets);

    @Override
    void close();
}
