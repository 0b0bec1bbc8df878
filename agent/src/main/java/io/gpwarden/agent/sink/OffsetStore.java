package io.gpwarden.agent.sink;

import io.gpwarden.agent.batch.OffsetAdvance;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * The source of truth for where each partition resumes: the offsets table, in the target
 * database. Contract:
 *
 * <ul>
 *   <li>{@link #positions} is a linearizable read (its own short transaction) that also creates
 *       the rows of partitions seen for the first time at {@code initial}; safe to race with
 *       another agent doing the same (the first row wins, both read it).</li>
 *   <li>{@link #advance} runs inside the caller's batch transaction: a compare-and-set per
 *       partition on the expected next offset and on {@code epoch}; if any does not match it
 *       throws {@link SinkException.Kind#FENCED} and the caller rolls everything back.</li>
 *   <li>{@link #reset} moves partitions unconditionally (an operator's --force-reset-*).</li>
 * </ul>
 */
public interface OffsetStore extends AutoCloseable {

    Map<Integer, Long> positions(Collection<Integer> partitions, IntToLongFunction initial, long epoch) throws SinkException;

    void reset(Map<Integer, Long> positions, long epoch) throws SinkException;

    void advance(Connection transaction, List<OffsetAdvance> advances, long epoch) throws java.sql.SQLException, SinkException;

    @Override
    void close();
}
