package io.gpwarden.agent.pipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * How a job runs, beyond its file: stop when caught up (--quit-at-eof), an operator's offset
 * reset at start, the heap cap of one batch, and the retry backoff.
 */
public record PipelineOptions(boolean quitAtEof, Optional<Reset> forceReset, long maxBatchBytes, Backoff backoff,
                              Duration progressInterval) {
    /** --force-reset-earliest / --force-reset-latest. */
    public enum Reset { EARLIEST, LATEST }

    public static PipelineOptions defaults(Duration retryInterval) {
        Duration cap = retryInterval.compareTo(Duration.ofSeconds(5)) < 0 ? retryInterval : Duration.ofSeconds(5);
        return new PipelineOptions(false, Optional.empty(), 24L << 20,
                new Backoff(Duration.ofMillis(200), cap, Duration.ofSeconds(5)), Duration.ofSeconds(2));
    }

    public PipelineOptions withQuitAtEof(boolean q) {
        return new PipelineOptions(q, forceReset, maxBatchBytes, backoff, progressInterval);
    }

    public PipelineOptions withForceReset(Optional<Reset> r) {
        return new PipelineOptions(quitAtEof, r, maxBatchBytes, backoff, progressInterval);
    }

    public PipelineOptions withMaxBatchBytes(long bytes) {
        return new PipelineOptions(quitAtEof, forceReset, bytes, backoff, progressInterval);
    }
}
