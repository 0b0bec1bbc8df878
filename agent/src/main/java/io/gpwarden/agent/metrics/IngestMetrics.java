package io.gpwarden.agent.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and gauges of one job, written by the pipeline's threads and read by the progress
 * line and the /metrics endpoint. Lock-free; a reader may see one counter a batch ahead of
 * another, never a torn value.
 */
public final class IngestMetrics {
    /** The job's state as GPSS reports it. */
    public enum State { STARTING, RUNNING, RETRYING, STOPPED, ERROR }

    private final String job;
    private final String topic;
    final LongAdder recordsRead = new LongAdder();
    final LongAdder rowsWritten = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder skippedByFallback = new LongAdder();
    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    private final Map<Integer, Long> ends = new ConcurrentHashMap<>();
    private volatile State state = State.STARTING;
    private volatile String lastError = "";
    private volatile long lastBatchNanos;
    private volatile long firstRecordNanos;
    private volatile long lastCommitNanos;

    public IngestMetrics(String job, String topic) {
        this.job = job;
        this.topic = topic;
    }

    public String job() {
        return job;
    }

    public String topic() {
        return topic;
    }

    public void read(int records, long bytes) {
        if (records > 0 && firstRecordNanos == 0) {
            firstRecordNanos = System.nanoTime();
        }
        recordsRead.add(records);
        bytesRead.add(bytes);
    }

    public void committed(long rows, int rejectedRecords, long batchNanos) {
        rowsWritten.add(rows);
        rejected.add(rejectedRecords);
        batches.increment();
        lastBatchNanos = batchNanos;
        lastCommitNanos = System.nanoTime();
    }

    public void retried(String error) {
        retries.increment();
        lastError = error;
    }

    public void skipped(long messages) {
        skippedByFallback.add(messages);
    }

    public void position(int partition, long committedNext) {
        committed.put(partition, committedNext);
    }

    public void end(int partition, long endOffset) {
        ends.put(partition, endOffset);
    }

    public void unassigned(int partition) {
        committed.remove(partition);
        ends.remove(partition);
    }

    public void state(State s, String error) {
        state = s;
        if (error != null) {
            lastError = error;
        }
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    public long rowsWritten() {
        return rowsWritten.sum();
    }

    public long recordsRead() {
        return recordsRead.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long batches() {
        return batches.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long bytesRead() {
        return bytesRead.sum();
    }

    public long skippedByFallback() {
        return skippedByFallback.sum();
    }

    public long lastBatchNanos() {
        return lastBatchNanos;
    }

    /** Records per second from the first record read to the last batch committed (0 before any). */
    public double throughput() {
        long first = firstRecordNanos;
        long last = lastCommitNanos;
        if (first == 0 || last <= first) {
            return 0;
        }
        return (rowsWritten.sum() + rejected.sum()) * 1e9 / (last - first);
    }

    /** Per partition: messages in Kafka not yet committed to the database. */
    public Map<Integer, Long> lag() {
        Map<Integer, Long> out = new TreeMap<>();
        committed.forEach((p, c) -> {
            Long e = ends.get(p);
            if (e != null) {
                out.put(p, Math.max(0, e - c));
            }
        });
        return out;
    }
}
