package io.gpwarden.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The coordination store the controller leader and the agent fleet share (etcd in production:
 * {@code io.gpwarden.coordination.etcd.EtcdCoordinator}; {@code InMemoryCoordinator} in the
 * test-jar for unit tests of pure logic). Keys are absolute paths built by {@link KeySpace};
 * values are small JSON documents ({@code io.gpwarden.coordination.document.DocumentCodec}).
 *
 * <p>The methods are grouped by their timing and atomicity, the way Patroni's {@code AbstractDCS}
 * documents its store. Every method is bounded by the implementation's call timeout and reports
 * any failure as a {@link CoordinationException} carrying a {@link CoordinationException.Condition}
 * (unreachable, unauthenticated, permission denied, TLS misconfigured); none blocks forever and
 * none retries past its call timeout: the caller's tick decides when to try again. A call that
 * timed out may still have been applied; the compare-and-set writes make the next attempt safe.
 *
 * <h2>Linearizable reads</h2>
 * {@link #get} and {@link #list} read through the etcd leader (never a member's possibly stale
 * copy), and return revisions: {@code mod_revision} to update what was read, {@code create_revision}
 * as the fencing epoch of a lease-bound key, the store revision to start a watch right after a
 * snapshot. A successful read proves nothing about who holds a lease: decide on a failed
 * <em>write</em>, never on a read (Patroni's rule).
 *
 * <h2>Atomic: compare-and-set (one transaction)</h2>
 * {@link #commit} applies its operations only if every compare holds, atomically, and says
 * whether it did. The conveniences are built on it:
 * <ul>
 *   <li>{@link #create}: create-if-absent ({@code create_revision == 0}); exactly one of several
 *       concurrent creators succeeds. Used to campaign, to take a job, to open an incident once.</li>
 *   <li>{@link #replace}, {@link #deleteIf}: update or delete only what was read
 *       ({@code mod_revision == N}); a writer that lost a race is refused and gets the current
 *       entry back.</li>
 *   <li>{@link #isStillCreatedAt}: the key still exists with the given {@code create_revision}
 *       (it has not expired, been deleted or recreated by someone else), as a transaction.</li>
 * </ul>
 *
 * <h2>Best effort (last writer wins)</h2>
 * {@link #put} and {@link #delete}: for values only their one writer ever changes (an agent's own
 * status, its acknowledgement). Never use them for anything two processes may write.
 *
 * <h2>Leases</h2>
 * {@link #grantLease}, {@link #keepAliveOnce}, {@link #revokeLease}. A key written with a lease
 * disappears when the lease expires on the server. Keep-alive is one request driven by the
 * caller's loop (never a background stream that can end quietly); {@link LeaseDeadline} says
 * until when the holder may trust its lease on its own monotonic clock, and {@link Leadership}
 * builds the leader (or job owner) primitive on it.
 *
 * <h2>Watches (asynchronous)</h2>
 * {@link #watch} delivers every change under a prefix from a revision on, in revision order, on
 * one thread per watch. After a disconnect it resumes from the last revision delivered (no event
 * lost, none repeated); when etcd has compacted that revision away it re-reads the prefix and
 * delivers a {@link WatchEvent.Resync}: never silence. A {@link WatchEvent.Disconnected} says the
 * watch is not receiving, once per outage.
 */
public interface Coordinator extends AutoCloseable {

    /** Lease id meaning "no lease": the key lives until it is deleted. */
    long NO_LEASE = 0;

    // ---- linearizable reads ----

    /** The entry at {@code key}, if any. */
    Optional<Entry> get(String key);

    /** Every entry whose key starts with {@code prefix}, in key order, and the store revision of the read. */
    Snapshot list(String prefix);

    // ---- atomic compare-and-set ----

    /**
     * Applies {@code transaction}'s operations if and only if all its compares hold, atomically.
     * The outcome's revision is the store revision after the transaction (the {@code create_revision}
     * of a key it created, the {@code mod_revision} of a key it wrote).
     */
    TxnOutcome commit(Transaction transaction);

    /**
     * Creates {@code key} if it does not exist ({@code create_revision == 0}), bound to
     * {@code leaseId} ({@link #NO_LEASE} for none). Refused, with the existing entry, if it exists.
     */
    default WriteOutcome create(String key, String value, long leaseId) {
        TxnOutcome t = commit(new Transaction(
                List.of(new Transaction.Compare.CreateRevision(key, 0)),
                List.of(new Transaction.Operation.Put(key, value, leaseId))));
        return t.succeeded() ? WriteOutcome.applied(t.revision()) : WriteOutcome.refused(get(key));
    }

    /**
     * Writes {@code value} only if {@code key}'s {@code mod_revision} is still {@code expectedModRevision}
     * (what the caller read). Refused, with the current entry if any, otherwise.
     */
    default WriteOutcome replace(String key, long expectedModRevision, String value, long leaseId) {
        if (expectedModRevision <= 0) {
            throw new IllegalArgumentException("replace needs the mod_revision that was read, not " + expectedModRevision);
        }
        TxnOutcome t = commit(new Transaction(
                List.of(new Transaction.Compare.ModRevision(key, expectedModRevision)),
                List.of(new Transaction.Operation.Put(key, value, leaseId))));
        return t.succeeded() ? WriteOutcome.applied(t.revision()) : WriteOutcome.refused(get(key));
    }

    /** Deletes {@code key} only if its {@code mod_revision} is still {@code expectedModRevision}. */
    default WriteOutcome deleteIf(String key, long expectedModRevision) {
        TxnOutcome t = commit(new Transaction(
                List.of(new Transaction.Compare.ModRevision(key, expectedModRevision)),
                List.of(new Transaction.Operation.Delete(key))));
        return t.succeeded() ? WriteOutcome.applied(t.revision()) : WriteOutcome.refused(get(key));
    }

    /** Whether {@code key} still exists with {@code createRevision}, checked as a transaction. */
    default boolean isStillCreatedAt(String key, long createRevision) {
        if (createRevision <= 0) {
            return false;
        }
        return commit(new Transaction(List.of(new Transaction.Compare.CreateRevision(key, createRevision)), List.of()))
                .succeeded();
    }

    // ---- best effort ----

    /** Writes {@code key} unconditionally; returns the new {@code mod_revision}. */
    long put(String key, String value, long leaseId);

    /** Deletes {@code key} unconditionally; true if it existed. */
    boolean delete(String key);

    // ---- leases ----

    /** Grants a lease of (at least) {@code ttl}; the server may raise a TTL below its minimum. */
    LeaseGrant grantLease(Duration ttl);

    /**
     * Renews the lease once. Returns the TTL the server granted from now on, or empty when the
     * lease no longer exists (it expired or was revoked): its keys are gone.
     */
    Optional<Duration> keepAliveOnce(long leaseId);

    /** Revokes the lease, deleting every key bound to it; a lease already gone is not an error. */
    void revokeLease(long leaseId);

    // ---- watches ----

    /**
     * Watches every key under {@code prefix} from {@code fromRevision} on (inclusive; typically a
     * {@link Snapshot#revision()} + 1). Events reach {@code listener} in revision order on one
     * thread; closing the returned {@link Watch} stops them.
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    /** Releases connections and threads; leases are not revoked (they expire on the server). */
    @Override
    void close();
}
