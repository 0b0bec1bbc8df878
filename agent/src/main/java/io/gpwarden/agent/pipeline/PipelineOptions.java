package io.gpwarden.agent.pipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * How a job runs, beyond its file: stop when caught up (--quit-at-eof), an operator's offset
 * reset at start, the heap cap of one batch, the retry backoff, whether the agent evaluates
 * the MAPPING shapes it knows, whether rows may travel in COPY binary format, and whether MERGE
 * batches of new keys may try a plain insert first.
 */
public record PipelineOptions(boolean quitAtEof, Optional<Reset> forceReset, long maxBatchBytes, Backoff backoff,
                              Duration progressInterval, boolean evaluateInAgent, boolean binaryCopy, boolean insertFirst) {
    /**
     * The system property that turns COPY binary format off ({@code -Dgpwarden.copy.format=text}):
     * a diagnostic and benchmark switch; binary is the default wherever the column types allow it.
     */
    public static final String COPY_FORMAT_PROPERTY = "gpwarden.copy.format";

    /**
     * The system property that stops MERGE batches of new keys from trying a plain insert first
     * ({@code -Dgpwarden.merge.insert-first=false}): a diagnostic and benchmark switch.
     */
    public static final String INSERT_FIRST_PROPERTY = "gpwarden.merge.insert-first";

    /** --force-reset-earliest / --force-reset-latest. */
    public enum Reset { EARLIEST, LATEST }

    public static PipelineOptions defaults(Duration retryInterval) {
        Duration cap = retryInterval.compareTo(Duration.ofSeconds(5)) < 0 ? retryInterval : Duration.ofSeconds(5);
        String format = System.getProperty(COPY_FORMAT_PROPERTY, "binary");
        if (!format.equals("binary") && !format.equals("text")) {
            throw new IllegalArgumentException("-D" + COPY_FORMAT_PROPERTY + "=" + format + ": expected binary or text");
        }
        String insertFirst = System.getProperty(INSERT_FIRST_PROPERTY, "true");
        if (!insertFirst.equals("true") && !insertFirst.equals("false")) {
            throw new IllegalArgumentException("-D" + INSERT_FIRST_PROPERTY + "=" + insertFirst + ": expected true or false");
        }
        return new PipelineOptions(false, Optional.empty(), 8L << 20, new Backoff(Duration.ofMillis(200), cap, Duration.ofSeconds(5)),
                Duration.ofSeconds(2), true, format.equals("binary"), insertFirst.equals("true"));
    }

    public PipelineOptions withQuitAtEof(boolean q) {
        return new PipelineOptions(q, forceReset, maxBatchBytes, backoff, progressInterval, evaluateInAgent, binaryCopy, insertFirst);
    }

    public PipelineOptions withForceReset(Optional<Reset> r) {
        return new PipelineOptions(quitAtEof, r, maxBatchBytes, backoff, progressInterval, evaluateInAgent, binaryCopy, insertFirst);
    }

    public PipelineOptions withMaxBatchBytes(long bytes) {
        return new PipelineOptions(quitAtEof, forceReset, bytes, backoff, progressInterval, evaluateInAgent, binaryCopy, insertFirst);
    }

    /** With false, rows always travel in COPY text format. */
    public PipelineOptions withBinaryCopy(boolean b) {
        return new PipelineOptions(quitAtEof, forceReset, maxBatchBytes, backoff, progressInterval, evaluateInAgent, b, insertFirst);
    }

    /**
     * With false, every MAPPING expression is left to the database (staged path), even the shapes
     * the agent evaluates; tests use it to show both paths give the same rows.
     */
    public PipelineOptions withEvaluateInAgent(boolean e) {
        return new PipelineOptions(quitAtEof, forceReset, maxBatchBytes, backoff, progressInterval, e, binaryCopy, insertFirst);
    }
}
