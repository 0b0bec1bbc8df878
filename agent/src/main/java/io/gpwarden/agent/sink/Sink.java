package io.gpwarden.agent.sink;

import io.gpwarden.agent.batch.Batch;
import io.gpwarden.agent.copy.SessionTimeZone;
import io.gpwarden.agent.plan.LoadPlan;

/**
 * Where batches go: the database. Contract, by timing and atomicity:
 *
 * <ul>
 *   <li>{@link #open()} connects and prepares the session; it may be called again after any
 *       failure to reconnect. Blocking; bounded by the connect timeout.</li>
 *   <li>{@link #write} is all or nothing: the batch's rows, its rejected records (error table)
 *       and the compare-and-set of every partition's offset commit in one transaction, or none
 *       of them does. A failure is classified once, here, into a {@link SinkException.Kind}.
 *       When the outcome of COMMIT itself is unknown (connection lost during it), the caller
 *       must reseek from the stored offsets, which tell what happened.</li>
 *   <li>Not thread-safe: one writing thread.</li>
 * </ul>
 */
public interface Sink extends AutoCloseable {

    /** Connects (or reconnects) and prepares the session. */
    void open() throws SinkException;

    /** The plan for this job's target, known after the first successful {@link #open()}. */
    LoadPlan plan();

    /** What the sink learned of its session's TimeZone (the encoder converts timestamps by it). */
    SessionTimeZone timeZone();

    /** Writes one batch as one transaction; {@code epoch} fences older owners. */
    BatchOutcome write(Batch batch, long epoch) throws SinkException;

    @Override
    void close();

    /** What a committed batch did. */
    record BatchOutcome(long rowsWritten, int rejected) {
    }
}
