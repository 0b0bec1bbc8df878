package io.gpwarden.agent.pipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * How a job runs, beyond its file: stop when caught up (--quit-at-eof), an operator's offset
 * reset at start, the heap cap of one batch, the retry backoff, and whether the agent evaluates
 * the MAPPING shapes it knows.
 */
public record PipelineOptions(boolean quitAtEof, Optional<Reset> forceReset, long maxBatchBytes, Backoff backoff,
                              Duration progressInterval, boolean evaluateInAgent) {
    /** --force-reset-earliest / --force-reset-latest. */
    public enum Reset { EARLIEST, LATEST }

    public static PipelineOptions defaults(Duration retryInterval) {
        Duration cap = retryInterval.compareTo(Duration.ofSeconds(5)) < 0 ? retryInterval : Duration.ofSeconds(5);
        return new PipelineOptions(false, Optional.empty(), 8L << 20,
                new Backoff(Duration.ofMillis(200), cap, Duration.ofSeconds(5)), Duration.ofSeconds(2), true);
    }

    public PipelineOptions withQuitAtEof(boolean q) {
        return new PipelineOptions(q, forceReset, maxBatchBytes, backoff, progressInterval, evaluateInAgent);
    }

    public PipelineOptions withForceReset(Optional<Reset> r) {
        return new PipelineOptions(quitAtEof, r, maxBatchBytes, backoff, progressInterval, evaluateInAgent);
    }

    public PipelineOptions withMaxBatchBytes(long bytes) {
        return new PipelineOptions(quitAtEof, forceReset, bytes, backoff, progressInterval, evaluateInAgent);
    }

    /**
     * With false, every MAPPING expression is left to the database (staged path), even the shapes
     * the agent evaluates; tests use it to show both paths give the same rows.
     */
    public PipelineOptions withEvaluateInAgent(boolean e) {
        return new PipelineOptions(quitAtEof, forceReset, maxBatchBytes, backoff, progressInterval, e);
    }
}
