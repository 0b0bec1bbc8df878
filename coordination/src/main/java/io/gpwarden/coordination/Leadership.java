package io.gpwarden.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive hold of one lease-bound key: the controller's leadership ({@link KeySpace#controllerLeader()}),
 * and the same primitive for anything only one process may hold at a time (an agent's registration,
 * a job claim).
 *
 * <p>Driven by the caller's loop: call {@link #renewOrCampaign()} once at the start of every tick
 * and act only if it says {@link State#LEADER}; guard each side effect with {@link #isLeader()},
 * which also checks the deadline. The steps of one call:
 * <ol>
 *   <li>Holding: if the lease deadline ({@link LeaseDeadline}) has passed, the tick came too late:
 *       <b>lost</b>, without asking anyone (HikariCP's HouseKeeper lesson: a process that was not
 *       scheduled for longer than its lease may already have been replaced).</li>
 *   <li>Holding: renew with one {@code keepAliveOnce}, then check in a transaction that the key
 *       still has our {@code create_revision}; a failed attempt (a member that was just killed, an
 *       etcd leader election in progress) is tried again, at most {@value #ATTEMPTS} attempts within
 *       the renewal budget ({@link LeaseTiming}) and never past the deadline: the tick is late, but
 *       the lease survives what etcd survives. A final failure, a lease gone, a key gone or recreated, or a renewal that
 *       returns after the old deadline: <b>lost</b> at once (Patroni: decide on a
 *       failed write, never on a read). The lease is then revoked, best effort, so a successor
 *       need not wait for the TTL. Otherwise the deadline moves to send time + TTL − margin.</li>
 *   <li>Not holding: read the key; if someone holds it, <b>follower</b> (naming the holder's value).
 *       If not, grant a lease and create the key bound to it with {@code create_revision == 0};
 *       exactly one campaigner wins, the others revoke their lease and follow.</li>
 * </ol>
 *
 * <p>Invariants: the epoch of a term is the key's {@code create_revision}, so every later term has
 * a larger one and stale directives can be refused ({@link EpochGate}); {@link #isLeader()} is
 * false from the deadline on, which is before the server-side TTL can expire and let another
 * process win; a state change is logged once, here, not by callers (Curator's LeaderLatch lesson:
 * leadership edges fire in one place). Thread-safe.
 */
public final class Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    private static final long RETRY_PAUSE_NANOS = 100_000_000L;
    private static final int ATTEMPTS = 3;

    /** What one {@link #renewOrCampaign()} found. */
    public enum State {
        /** We hold the key: act this tick. */
        LEADER,
        /** Someone else holds it (or won the race). */
        FOLLOWER,
        /** We held it and no longer do (renewal failed, deadline passed, key gone). */
        LOST,
        /** We do not hold it and could not campaign: the store failed. */
        UNAVAILABLE
    }

    /**
     * The outcome of a tick's leadership step. {@code epoch} is ours when {@code LEADER} or
     * {@code LOST}, the holder's when {@code FOLLOWER}, 0 otherwise; {@code holder} is the value the
     * current holder wrote, when known; {@code sentence} is the log line and what tests assert.
     */
    public record Status(State state, long epoch, Optional<String> holder,
                         Optional<CoordinationException.Condition> condition, String sentence) {
        public boolean isLeader() {
            return state == State.LEADER;
        }
    }

    /** A held term: its epoch, its lease, and the monotonic deadline until which it may be trusted. */
    public record Term(long epoch, long leaseId, long deadlineNanos) {
    }

    private final Coordinator store;
    private final String key;
    private final String value;
    private final LeaseTiming timing;
    private final Ticker ticker;
    private Term term;

    /**
     * @param key    the lease-bound key to hold
     * @param value  what to write in it (who we are: a small JSON document)
     * @param timing lease TTL, safety margin and renewal budget
     */
    public Leadership(Coordinator store, String key, String value, LeaseTiming timing, Ticker ticker) {
        this.store = Objects.requireNonNull(store, "store");
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Renews the term we hold, or campaigns if we hold none; call at the start of every tick. */
    public synchronized Status renewOrCampaign() {
        return term == null ? campaign() : renew();
    }

    /** The term we hold now, if any and its deadline has not passed. */
    public synchronized Optional<Term> current() {
        if (term != null && ticker.nanos() - term.deadlineNanos() < 0) {
            return Optional.of(term);
        }
        return Optional.empty();
    }

    /**
     * The compare that fences a write in etcd to this term: {@code create_revision(key) == epoch}.
     * Put it in the transaction of every write only the holder may make (the controller's
     * {@code coordinator} document, a journal step, an incident): if the term ended meanwhile, even
     * unnoticed by this process, etcd refuses the write (reliability.md §3.2: "every later state
     * change" compares the leader key). Empty when we do not hold the key now.
     */
    public Optional<Transaction.Compare> fence() {
        return current().map(t -> new Transaction.Compare.CreateRevision(key, t.epoch()));
    }

    /** Whether we may act as the holder at this instant (held, and before the deadline). */
    public boolean isLeader() {
        return current().isPresent();
    }

    /** Gives the key up: deletes it if it is still ours, then revokes the lease. Best effort. */
    public synchronized void resign() {
        if (term == null) {
            return;
        }
        Term t = term;
        term = null;
        try {
            store.commit(new Transaction(List.of(new Transaction.Compare.CreateRevision(key, t.epoch())),
                    List.of(new Transaction.Operation.Delete(key))));
            store.revokeLease(t.leaseId());
            LOG.info("{}: resigned (epoch {})", key, t.epoch());
        } catch (CoordinationException e) {
            LOG.warn("{}: resigned (epoch {}) locally; the store did not answer ({}), the key expires with its lease",
                    key, t.epoch(), e.getMessage());
        }
    }

    private Status renew() {
        Term t = term;
        long sentAt = ticker.nanos();
        if (sentAt - t.deadlineNanos() >= 0) {
            return lose(t, null, "the tick came " + millis(sentAt - t.deadlineNanos())
                    + " ms after the lease deadline; not renewing a lease that may already have expired");
        }
        try {
            Optional<Duration> granted = withinBudget(sentAt, t, () -> store.keepAliveOnce(t.leaseId()));
            if (granted.isEmpty() || granted.get().isZero()) {
                return lose(t, null, "lease " + Long.toHexString(t.leaseId()) + " no longer exists");
            }
            if (!withinBudget(sentAt, t, () -> store.isStillCreatedAt(key, t.epoch()))) {
                return lose(t, null, "the key is gone or was taken by another process");
            }
            long answeredAt = ticker.nanos();
            if (answeredAt - t.deadlineNanos() >= 0) {
                return lose(t, null, "the renewal answered " + millis(answeredAt - t.deadlineNanos())
                        + " ms after the lease deadline");
            }
            long deadline = LeaseDeadline.of(sentAt, granted.get(), timing.margin());
            term = new Term(t.epoch(), t.leaseId(), deadline);
            return new Status(State.LEADER, t.epoch(), Optional.of(value), Optional.empty(),
                    "leader (epoch " + t.epoch() + "), renewed for " + millis(deadline - answeredAt) + " ms");
        } catch (CoordinationException e) {
            return lose(t, e.condition(), "renewal failed: " + e.getMessage());
        }
    }

    /**
     * Runs one step of a renewal, trying again after a failure (a connection to a member that just
     * died fails at once and the next attempt goes to another member; during an etcd leader
     * election an attempt times out and the next one reaches the new leader) while the renewal
     * budget and the deadline allow. A failure past them, or a configuration error, is final.
     */
    private <T> T withinBudget(long sentAt, Term t, java.util.function.Supplier<T> step) {
        long budgetEnd = Math.min(sentAt + timing.renewalBudget().toNanos(), t.deadlineNanos());
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (CoordinationException e) {
                long now = ticker.nanos();
                boolean timeLeft = now - budgetEnd < 0 && now + RETRY_PAUSE_NANOS - t.deadlineNanos() < 0;
                if (e.condition().isConfigurationError() || !timeLeft || attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.debug("{}: renewal attempt failed, trying again: {}", key, e.getMessage());
                try {
                    Thread.sleep(RETRY_PAUSE_NANOS / 1_000_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Status lose(Term t, CoordinationException.Condition condition, String why) {
        term = null;
        String sentence = "lost " + key + " (epoch " + t.epoch() + "): " + why;
        LOG.warn("{}", sentence);
        try {
            store.revokeLease(t.leaseId());
        } catch (CoordinationException e) {
            LOG.debug("{}: revoking lease after loss failed: {}", key, e.getMessage());
        }
        return new Status(State.LOST, t.epoch(), Optional.empty(), Optional.ofNullable(condition), sentence);
    }

    private Status campaign() {
        try {
            Optional<Entry> holder = store.get(key);
            if (holder.isPresent()) {
                return follower(holder.get());
            }
            long sentAt = ticker.nanos();
            LeaseGrant lease = store.grantLease(timing.ttl());
            WriteOutcome created;
            try {
                created = store.create(key, value, lease.id());
            } catch (CoordinationException e) {
                revokeQuietly(lease.id());
                throw e;
            }
            if (!created.applied()) {
                revokeQuietly(lease.id());
                return created.current().map(this::follower).orElseGet(() -> new Status(State.FOLLOWER, 0,
                        Optional.empty(), Optional.empty(), "follower: another process won " + key + " and let it go"));
            }
            long deadline = LeaseDeadline.of(sentAt, lease.ttl(), timing.margin());
            if (ticker.nanos() - deadline >= 0) {
                // Won, but so late that the lease may already be expiring: give it back.
                term = new Term(created.revision(), lease.id(), deadline);
                return lose(term, null, "won the campaign only after the lease deadline");
            }
            term = new Term(created.revision(), lease.id(), deadline);
            String sentence = "became leader of " + key + " (epoch " + created.revision() + ")";
            LOG.info("{}", sentence);
            return new Status(State.LEADER, created.revision(), Optional.of(value), Optional.empty(), sentence);
        } catch (CoordinationException e) {
            return new Status(State.UNAVAILABLE, 0, Optional.empty(), Optional.of(e.condition()),
                    "cannot campaign for " + key + ": " + e.getMessage());
        }
    }

    private Status follower(Entry holder) {
        return new Status(State.FOLLOWER, holder.createRevision(), Optional.of(holder.value()), Optional.empty(),
                "follower: " + key + " is held (epoch " + holder.createRevision() + ")");
    }

    private void revokeQuietly(long leaseId) {
        try {
            store.revokeLease(leaseId);
        } catch (CoordinationException e) {
            LOG.debug("{}: revoking an unused lease failed: {}", key, e.getMessage());
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
