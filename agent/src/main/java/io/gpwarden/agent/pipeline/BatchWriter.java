package io.gpwarden.agent.pipeline;

import io.gpwarden.agent.batch.Batch;
import io.gpwarden.agent.batch.OffsetAdvance;
import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.sink.Sink;
import io.gpwarden.agent.sink.SinkException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push half of the pipeline, on its own thread: takes batches from the bounded queue as soon
 * as they are opened and writes each as one transaction, streaming its rows into the COPY while
 * the consumer thread is still decoding them.
 *
 * <p>Invariants: a batch of an older generation than the current one is dropped unwritten
 * (its partitions were repositioned from the database since it was built). After any failed
 * batch the writer bumps the generation, so the consumer discards what it built on the failed
 * batch's positions and reseeks from the database; the writer never retries a batch itself.
 */
final class BatchWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final String job;
    private final BlockingQueue<Batch> queue;
    private final Sink sink;
    private final AtomicLong generation;
    private final LongSupplier epoch;
    private final IngestMetrics metrics;
    private final Backoff backoff;
    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    private volatile long busyGeneration = -1;
    private volatile boolean running = true;
    private volatile SinkException failure;
    private int failures;

    BatchWriter(String job, BlockingQueue<Batch> queue, Sink sink, AtomicLong generation, LongSupplier epoch,
                IngestMetrics metrics, Backoff backoff) {
        this.job = job;
        this.queue = queue;
        this.sink = sink;
        this.generation = generation;
        this.epoch = epoch;
        this.metrics = metrics;
        this.backoff = backoff;
    }

    @Override
    public void run() {
        while (running) {
            Batch b;
            try {
                b = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (b == null) {
                continue;
            }
            busyGeneration = b.generation();
            try {
                if (b.generation() != generation.get()) {
                    continue;
                }
                long t0 = System.nanoTime();
                Sink.BatchOutcome out = sink.write(b, epoch.getAsLong());
                for (OffsetAdvance a : b.advances()) {
                    committed.put(a.partition(), a.next());
                    metrics.position(a.partition(), a.next());
                }
                metrics.committed(out.rowsWritten(), out.rejected(), System.nanoTime() - t0);
                if (failures > 0) {
                    LOG.info("job {}: writing again after {} failed attempt(s)", job, failures);
                    metrics.state(IngestMetrics.State.RUNNING, null);
                }
                failures = 0;
            } catch (SinkException e) {
                handle(e);
            } finally {
                busyGeneration = -1;
                // Its chunks go back to the pool if the decoder is done with it too.
                b.release();
            }
        }
    }

    private void handle(SinkException e) {
        switch (e.kind()) {
            case ABANDONED -> LOG.debug("job {}: {}", job, e.getMessage());
            case ERROR_LIMIT, FATAL -> {
                failure = e;
                running = false;
            }
            case RETRIABLE, FENCED, CREDENTIALS -> {
                failures++;
                generation.incrementAndGet();
                metrics.retried(e.getMessage());
                metrics.state(IngestMetrics.State.RETRYING, e.getMessage());
                long delay = backoff.delay(failures, e.kind() == SinkException.Kind.CREDENTIALS).toMillis();
                if (e.kind() == SinkException.Kind.CREDENTIALS) {
                    LOG.error("job {}: configuration error: {}; fix the credentials (PASSWORD, env:, file: or .pgpass); "
                            + "retrying in {} ms", job, e.getMessage(), delay);
                } else {
                    LOG.warn("job {}: {} ({}); nothing of it was kept; reseeking from the stored offsets, retry in {} ms",
                            job, e.getMessage(), e.kind(), delay);
                }
                sleep(delay);
            }
            default -> throw new IllegalStateException(e.kind().name());
        }
    }

    private void sleep(long millis) {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, millis));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True while a batch of a generation below {@code g} is being written. */
    boolean busyBefore(long g) {
        long b = busyGeneration;
        return b >= 0 && b < g;
    }

    boolean idle() {
        return busyGeneration < 0;
    }

    Map<Integer, Long> committed() {
        return committed;
    }

    SinkException failure() {
        return failure;
    }

    void stop() {
        running = false;
    }
}
