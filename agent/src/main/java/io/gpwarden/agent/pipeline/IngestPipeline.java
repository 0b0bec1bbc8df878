package io.gpwarden.agent.pipeline;

import io.gpwarden.agent.batch.Batch;
import io.gpwarden.agent.batch.BatchBuilder;
import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.job.KafkaSource;
import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.plan.RowEncoder;
import io.gpwarden.agent.sink.OffsetStore;
import io.gpwarden.agent.sink.Sink;
import io.gpwarden.agent.sink.SinkException;
import io.gpwarden.agent.source.RecordSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job: the pull half (this thread: poll, decode, fill batches) and the push half
 * ({@link BatchWriter} on its own thread), joined by a bounded queue of one closed batch.
 *
 * <p>The rules that make "no loss, no duplicate" hold:
 * <ol>
 *   <li>A partition delivers records only after it was positioned at the offset stored in the
 *       database (at assignment, after any failure, after a rebalance); Kafka's committed
 *       offsets are written for monitoring only.</li>
 *   <li>Each batch carries, per partition, the stored offset it expects; the writer's
 *       compare-and-set fails if anything else moved it, and everything rolls back.</li>
 *   <li>Any failed batch bumps the generation: batches built on the old positions are dropped
 *       and every partition is positioned again from the database.</li>
 *   <li>Before partitions are revoked, the batch in flight finishes (commits or rolls back) and
 *       everything not yet written is dropped.</li>
 * </ol>
 * When the queue is full the consumer pauses its partitions and keeps polling, so it stays in
 * its group and the heap holds at most three batches whatever the backlog.
 */
public final class IngestPipeline implements RecordSource.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    /** How a run ended. */
    public record Result(IngestMetrics.State state, String message) {
    }

    private final JobSpec job;
    private final RecordSource source;
    private final Sink sink;
    private final OffsetStore offsets;
    private final IngestMetrics metrics;
    private final PipelineOptions options;
    private final LongSupplier epoch;
    private final LongSupplier nanos;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(1);
    private final AtomicLong generation = new AtomicLong();
    private final Set<Integer> assigned = new HashSet<>();
    private final Set<Integer> unpositioned = new HashSet<>();
    private final Map<Integer, Long> stored = new HashMap<>();
    private final StoredPositions storedPositions;
    private volatile boolean running = true;
    private BatchWriter writer;
    private BatchBuilder builder;
    private long seenGeneration;
    private Batch waiting;
    private boolean backpressure;
    private int positionFailures;
    private long nextPositionAttempt;
    private long nextEndCheck;
    private long nextAdvisoryCommit;
    private Map<Integer, Long> ends = Map.of();
    private String fatal;

    public IngestPipeline(JobSpec job, RecordSource source, Sink sink, OffsetStore offsets, IngestMetrics metrics,
                          PipelineOptions options, LongSupplier epoch, LongSupplier nanos) {
        this.job = job;
        this.source = source;
        this.sink = sink;
        this.offsets = offsets;
        this.metrics = metrics;
        this.options = options;
        this.epoch = epoch;
        this.nanos = nanos;
        this.storedPositions = new StoredPositions(job, source, offsets, metrics, options.forceReset());
    }

    /** Asks a running pipeline to stop (from another thread, e.g. a shutdown hook). */
    public void stop() {
        running = false;
    }

    /** Runs until stopped, caught up (--quit-at-eof), RUNNING_DURATION, or a non-retriable error. */
    public Result run() {
        long deadline = job.schedule().runningDuration().map(d -> nanos.getAsLong() + d.toNanos()).orElse(Long.MAX_VALUE);
        if (!openSink()) {
            return finish();
        }
        builder = new BatchBuilder(new RowEncoder(sink.plan(), sink.timeZone()), job.commit(), options.maxBatchBytes(), nanos);
        writer = new BatchWriter(job.name(), queue, sink, generation, epoch, metrics, options.backoff());
        Thread writerThread = new Thread(writer, "gpwarden-writer-" + job.name());
        writerThread.setDaemon(true);
        writerThread.start();
        metrics.state(IngestMetrics.State.RUNNING, null);
        source.start(this);
        int[] polled = new int[1];
        long[] polledBytes = new long[1];
        RecordSource.RecordHandler handler = (p, o, ts, k, v) -> {
            builder.add(p, o, ts, k, v);
            polled[0]++;
            polledBytes[0] += v == null ? 0 : v.length;
        };
        try {
            while (running && writer.failure() == null && fatal == null) {
                long now = nanos.getAsLong();
                if (now >= deadline) {
                    LOG.info("job {}: RUNNING_DURATION reached; stopping", job.name());
                    break;
                }
                long g = generation.get();
                if (g != seenGeneration) {
                    discardAndReposition(g);
                }
                if (!unpositioned.isEmpty() && now >= nextPositionAttempt) {
                    position();
                }
                Batch open = builder.open();
                if (open != null && !open.isHandedOver() && waiting == null) {
                    waiting = open;
                }
                if (builder.due()) {
                    builder.close();
                }
                if (waiting != null && !handOver() && waiting.isClosed()) {
                    // The writer is two batches behind: hold the partitions and keep polling.
                    source.poll(Duration.ZERO, handler);
                    continue;
                }
                polled[0] = 0;
                polledBytes[0] = 0;
                try {
                    source.poll(job.kafka().pollTimeout(), handler);
                } catch (KafkaException e) {
                    LOG.warn("job {}: Kafka: {}; retrying", job.name(), e.toString());
                    sleep(options.backoff().first().toMillis());
                }
                metrics.read(polled[0], polledBytes[0]);
                housekeeping(now, polled[0] == 0);
                if (options.quitAtEof() && polled[0] == 0 && builder.hasOpenBatch() && fetchedToEnd()) {
                    // Loading up to the end: nothing more will come, so the last batch need not wait
                    // for MINIMAL_INTERVAL. Otherwise batches close only by MAX_ROW and MINIMAL_INTERVAL.
                    builder.close();
                }
                if (options.quitAtEof() && polled[0] == 0 && caughtUp()) {
                    LOG.info("job {}: caught up with the end of every partition; stopping (--quit-at-eof)", job.name());
                    break;
                }
            }
        } finally {
            shutdown(writerThread);
        }
        return finish();
    }

    private boolean openSink() {
        int failures = 0;
        while (running) {
            try {
                sink.open();
                return true;
            } catch (SinkException e) {
                if (e.kind() == SinkException.Kind.FATAL || e.kind() == SinkException.Kind.ERROR_LIMIT) {
                    fatal = e.getMessage();
                    return false;
                }
                failures++;
                if (tooManyRetries(failures)) {
                    fatal = "giving up after " + failures + " attempts (SCHEDULE MAX_RETRIES): " + e.getMessage();
                    return false;
                }
                long delay = options.backoff().delay(failures, e.kind() == SinkException.Kind.CREDENTIALS).toMillis();
                metrics.state(IngestMetrics.State.RETRYING, e.getMessage());
                LOG.warn("job {}: {}{}; retrying in {} ms", job.name(),
                        e.kind() == SinkException.Kind.CREDENTIALS ? "configuration error: " : "", e.getMessage(), delay);
                sleep(delay);
            } catch (IllegalArgumentException e) {
                fatal = e.getMessage();
                return false;
            }
        }
        return false;
    }

    private boolean tooManyRetries(int failures) {
        int max = job.schedule().maxRetries();
        return max >= 0 && failures > max;
    }

    /**
     * Offers the batch not yet handed over (open or closed) to the writer; when a closed one does
     * not fit, pauses every partition (and keeps polling).
     */
    private boolean handOver() {
        try {
            if (queue.offer(waiting, waiting.isClosed() ? 20 : 0, TimeUnit.MILLISECONDS)) {
                waiting.handedOver();
                waiting = null;
                if (backpressure) {
                    backpressure = false;
                    source.resume(positionedPartitions());
                }
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
        if (!backpressure && waiting.isClosed()) {
            backpressure = true;
            source.pause(assigned);
        }
        return false;
    }

    private List<Integer> positionedPartitions() {
        List<Integer> out = new ArrayList<>();
        for (int p : assigned) {
            if (!unpositioned.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Everything built on old positions goes; every partition is positioned from the database again. */
    private void discardAndReposition(long g) {
        seenGeneration = g;
        builder.reset(g);
        if (waiting != null) {
            waiting.abandon();
        }
        waiting = null;
        for (Batch b : queue) {
            b.abandon();
        }
        queue.clear();
        unpositioned.addAll(assigned);
        source.pause(assigned);
        backpressure = false;
        nextPositionAttempt = nanos.getAsLong() + options.backoff().first().toNanos();
    }

    private void position() {
        List<Integer> ps = new ArrayList<>(unpositioned);
        try {
            Map<Integer, Long> pos = storedPositions.read(ps, epoch.getAsLong());
            for (int p : ps) {
                long at = pos.get(p);
                source.seek(p, at);
                builder.positioned(p, at);
                stored.put(p, at);
                metrics.position(p, at);
            }
            unpositioned.removeAll(ps);
            if (!backpressure) {
                source.resume(ps);
            }
            if (positionFailures > 0) {
                LOG.info("job {}: partitions {} positioned from the database after {} failed attempt(s)", job.name(), ps, positionFailures);
                metrics.state(IngestMetrics.State.RUNNING, null);
            }
            LOG.debug("job {}: positioned {} at {}", job.name(), ps, pos);
            positionFailures = 0;
        } catch (SinkException ex) {
            positionFailed(ex.getMessage(), ex.kind());
        } catch (KafkaException ex) {
            positionFailed("Kafka: " + ex, SinkException.Kind.RETRIABLE);
        }
    }

    private void positionFailed(String message, SinkException.Kind kind) {
        if (kind == SinkException.Kind.FATAL) {
            fatal = message;
            return;
        }
        positionFailures++;
        if (tooManyRetries(positionFailures)) {
            fatal = "giving up after " + positionFailures + " attempts (SCHEDULE MAX_RETRIES): " + message;
            return;
        }
        long delay = options.backoff().delay(positionFailures, kind == SinkException.Kind.CREDENTIALS).toNanos();
        nextPositionAttempt = nanos.getAsLong() + delay;
        metrics.state(IngestMetrics.State.RETRYING, message);
        LOG.warn("job {}: cannot position partitions from the database{}: {}; retrying in {} ms", job.name(),
                kind == SinkException.Kind.CREDENTIALS ? " (configuration error)" : "", message, delay / 1_000_000);
    }

    @Override
    public void revoked(Collection<Integer> partitions) {
        long g = generation.incrementAndGet();
        Batch open = builder.open();
        if (open != null && !open.isClosed()) {
            // A batch streaming to the writer would never close now: the writer must not wait for it.
            open.abandon();
        }
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (writer != null && writer.busyBefore(g) && System.nanoTime() < until) {
            sleep(5);
        }
        LOG.info("job {}: partitions {} revoked; the batch in flight finished, the rest is dropped and read again by their next owner",
                job.name(), partitions);
        assigned.removeAll(partitions);
        for (int p : partitions) {
            unpositioned.remove(p);
            builder.forget(p);
            stored.remove(p);
            metrics.unassigned(p);
        }
        discardAndReposition(g);
    }

    @Override
    public void assigned(Collection<Integer> partitions) {
        LOG.info("job {}: partitions {} assigned; positioning them from the database", job.name(), partitions);
        assigned.addAll(partitions);
        unpositioned.addAll(partitions);
        nextPositionAttempt = 0;
    }

    @Override
    public void outOfRange(Map<Integer, Long> positions) {
        storedPositions.fallback(positions).forEach(source::seek);
        if (!backpressure) {
            source.resume(positions.keySet());
        }
    }

    private void housekeeping(long now, boolean idle) {
        if (now >= nextAdvisoryCommit) {
            nextAdvisoryCommit = now + Duration.ofSeconds(5).toNanos();
            Map<Integer, Long> c = new HashMap<>(writer.committed());
            c.keySet().retainAll(positionedPartitions());
            source.commitAdvisory(c);
        }
        if (!assigned.isEmpty() && now >= nextEndCheck) {
            nextEndCheck = now + Duration.ofMillis(idle ? 100 : 1000).toNanos();
            ends = source.knownEnds(assigned);
            ends.forEach(metrics::end);
        }
    }

    /** Whether every assigned partition was read up to the end its last fetch saw. */
    private boolean fetchedToEnd() {
        if (assigned.isEmpty() || !unpositioned.isEmpty() || ends.size() < assigned.size()) {
            return false;
        }
        Map<Integer, Long> now = source.knownEnds(assigned);
        for (int p : assigned) {
            Long end = now.get(p);
            if (end == null || source.position(p) < end) {
                return false;
            }
        }
        return true;
    }

    private boolean caughtUp() {
        if (assigned.isEmpty() || !unpositioned.isEmpty() || waiting != null || builder.hasOpenBatch()
                || !queue.isEmpty() || !writer.idle() || ends.isEmpty()) {
            return false;
        }
        for (int p : assigned) {
            Long end = ends.get(p);
            long at = writer.committed().getOrDefault(p, stored.getOrDefault(p, -1L));
            if (end == null || at < end) {
                return false;
            }
        }
        return true;
    }

    private void shutdown(Thread writerThread) {
        Batch open = builder == null ? null : builder.open();
        if (open != null) {
            open.abandon();
        }
        for (Batch b : queue) {
            b.abandon();
        }
        queue.clear();
        writer.stop();
        try {
            writerThread.join(Duration.ofSeconds(120).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            source.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the consumer: {}", e.toString());
        }
        sink.close();
    }

    private Result finish() {
        SinkException f = writer == null ? null : writer.failure();
        if (f != null) {
            metrics.state(IngestMetrics.State.ERROR, f.getMessage());
            return new Result(IngestMetrics.State.ERROR, f.getMessage());
        }
        if (fatal != null) {
            metrics.state(IngestMetrics.State.ERROR, fatal);
            return new Result(IngestMetrics.State.ERROR, fatal);
        }
        metrics.state(IngestMetrics.State.STOPPED, null);
        return new Result(IngestMetrics.State.STOPPED, String.format("stopped after %,d rows in %,d batches, %,d records "
                + "rejected; %,.0f records/s from the first record read to the last commit", metrics.rowsWritten(),
                metrics.batches(), metrics.rejected(), metrics.throughput()));
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
