package io.gpwarden.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Coordinator} in memory with etcd's semantics, for unit tests of pure logic (never for
 * integration tests, which use a real etcd):
 * <ul>
 *   <li>one store revision, starting at 1, incremented by every write; {@code create_revision}
 *       and {@code mod_revision} as etcd keeps them; transactions atomic;</li>
 *   <li>leases expire on the given {@link Ticker} (a {@link ManualTicker} in tests) exactly at
 *       grant or renewal + TTL, deleting their keys (checked on every call);</li>
 *   <li>watches keep history, deliver events synchronously on the writer's thread, and deliver a
 *       {@link WatchEvent.Resync} when they resume from a revision {@link #compact compacted} away;</li>
 *   <li>{@link #becomeUnreachable} makes every call fail with a condition (and watches report
 *       {@link WatchEvent.Disconnected}) until {@link #becomeReachable}, which resumes watches.</li>
 * </ul>
 * Thread-safe (one lock).
 */
public final class InMemoryCoordinator implements Coordinator {
    private record Lease(long id, long ttlNanos, long expiresAt, Set<String> keys) {
    }

    /** A history event with its place in the history (several events may share one revision). */
    private record Recorded(long sequence, WatchEvent event) {
    }

    private final class MemoryWatch implements Watch {
        final String prefix;
        final WatchListener listener;
        long next;
        long nextSequence;
        boolean disconnected;
        volatile boolean closed;

        MemoryWatch(String prefix, long next, WatchListener listener) {
            this.prefix = prefix;
            this.next = next;
            this.listener = listener;
        }

        @Override
        public void close() {
            closed = true;
            watches.remove(this);
        }
    }

    private final Ticker ticker;
    private final TreeMap<String, Entry> data = new TreeMap<>();
    private final Map<Long, Lease> leases = new HashMap<>();
    private final List<Recorded> history = new ArrayList<>();
    private long sequence;
    private long compactedSequence;
    private final List<MemoryWatch> watches = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private long revision = 1;
    private long compacted;
    private long nextLeaseId = 0x1000;
    private CoordinationException.Condition failure;

    public InMemoryCoordinator(Ticker ticker) {
        this.ticker = ticker;
    }

    // ---- test controls ----

    /** Every call from now on fails with {@code condition}; watches report the outage. */
    public synchronized void becomeUnreachable(CoordinationException.Condition condition) {
        failure = condition;
        for (MemoryWatch w : watches) {
            if (!w.disconnected) {
                w.disconnected = true;
                w.listener.onEvent(new WatchEvent.Disconnected(condition, "injected: " + condition, w.next - 1));
            }
        }
    }

    /** Calls work again; watches resume from where they were (or resync if compacted meanwhile). */
    public synchronized void becomeReachable() {
        failure = null;
        for (MemoryWatch w : watches) {
            w.disconnected = false;
            catchUp(w);
        }
    }

    /** Drops history up to {@code upTo}: a watch resuming from before it gets a resync. */
    public synchronized void compact(long upTo) {
        compacted = Math.max(compacted, upTo);
        for (Recorded r : history) {
            if (r.event().revision() <= compacted) {
                compactedSequence = Math.max(compactedSequence, r.sequence());
            }
        }
        history.removeIf(r -> r.event().revision() <= compacted);
    }

    /** The store revision now. */
    public synchronized long revision() {
        return revision;
    }

    /** How many calls reached the store (to check that a decision was taken without asking it). */
    public int calls() {
        return calls.get();
    }

    // ---- Coordinator ----

    @Override
    public synchronized Optional<Entry> get(String key) {
        enter();
        return Optional.ofNullable(data.get(key));
    }

    @Override
    public synchronized Snapshot list(String prefix) {
        enter();
        return new Snapshot(List.copyOf(data.subMap(prefix, prefix + Character.MAX_VALUE).values()), revision);
    }

    @Override
    public synchronized TxnOutcome commit(Transaction transaction) {
        enter();
        for (Transaction.Compare c : transaction.compares()) {
            Entry e = data.get(c.key());
            long actual = e == null ? 0 : c instanceof Transaction.Compare.CreateRevision ? e.createRevision() : e.modRevision();
            long expected = c instanceof Transaction.Compare.CreateRevision cr ? cr.revision()
                    : ((Transaction.Compare.ModRevision) c).revision();
            if (actual != expected) {
                return new TxnOutcome(false, revision);
            }
        }
        for (Transaction.Operation o : transaction.operations()) {
            if (o instanceof Transaction.Operation.Put p && p.leaseId() != NO_LEASE && !leases.containsKey(p.leaseId())) {
                throw new CoordinationException(CoordinationException.Condition.UNREACHABLE,
                        "etcdserver: requested lease not found");
            }
        }
        boolean wrote = false;
        for (Transaction.Operation o : transaction.operations()) {
            if (o instanceof Transaction.Operation.Put p) {
                if (!wrote) {
                    revision++;
                    wrote = true;
                }
                write(p.key(), p.value(), p.leaseId());
            } else if (data.containsKey(o.key())) {
                if (!wrote) {
                    revision++;
                    wrote = true;
                }
                remove(o.key());
            }
        }
        return new TxnOutcome(true, revision);
    }

    @Override
    public synchronized long put(String key, String value, long leaseId) {
        return commit(new Transaction(List.of(), List.of(new Transaction.Operation.Put(key, value, leaseId)))).revision();
    }

    @Override
    public synchronized boolean delete(String key) {
        enter();
        if (!data.containsKey(key)) {
            return false;
        }
        revision++;
        remove(key);
        return true;
    }

    @Override
    public synchronized LeaseGrant grantLease(Duration ttl) {
        enter();
        long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        long id = nextLeaseId++;
        long ttlNanos = Duration.ofSeconds(seconds).toNanos();
        leases.put(id, new Lease(id, ttlNanos, ticker.nanos() + ttlNanos, new LinkedHashSet<>()));
        return new LeaseGrant(id, Duration.ofSeconds(seconds));
    }

    @Override
    public synchronized Optional<Duration> keepAliveOnce(long leaseId) {
        enter();
        Lease l = leases.get(leaseId);
        if (l == null) {
            return Optional.empty();
        }
        leases.put(leaseId, new Lease(l.id(), l.ttlNanos(), ticker.nanos() + l.ttlNanos(), l.keys()));
        return Optional.of(Duration.ofNanos(l.ttlNanos()));
    }

    @Override
    public synchronized void revokeLease(long leaseId) {
        enter();
        Lease l = leases.remove(leaseId);
        if (l != null && !l.keys().isEmpty()) {
            revision++;
            for (String key : List.copyOf(l.keys())) {
                remove(key);
            }
        }
    }

    @Override
    public synchronized Watch watch(String prefix, long fromRevision, WatchListener listener) {
        MemoryWatch w = new MemoryWatch(prefix, Math.max(1, fromRevision), listener);
        watches.add(w);
        if (failure == null) {
            catchUp(w);
        } else {
            w.disconnected = true;
            listener.onEvent(new WatchEvent.Disconnected(failure, "injected: " + failure, w.next - 1));
        }
        return w;
    }

    @Override
    public void close() {
        watches.clear();
    }

    // ---- internals (lock held) ----

    private void enter() {
        calls.incrementAndGet();
        if (failure != null) {
            throw new CoordinationException(failure, "injected: " + failure);
        }
        expireLeases();
    }

    private void expireLeases() {
        long now = ticker.nanos();
        for (Lease l : List.copyOf(leases.values())) {
            if (now - l.expiresAt() >= 0) {
                revokeExpired(l);
            }
        }
    }

    private void revokeExpired(Lease l) {
        leases.remove(l.id());
        if (!l.keys().isEmpty()) {
            revision++;
            for (String key : List.copyOf(l.keys())) {
                remove(key);
            }
        }
    }

    private void write(String key, String value, long leaseId) {
        Entry old = data.get(key);
        if (old != null && old.leaseId() != NO_LEASE && leases.containsKey(old.leaseId())) {
            leases.get(old.leaseId()).keys().remove(key);
        }
        Entry e = new Entry(key, value, old == null ? revision : old.createRevision(), revision, leaseId);
        data.put(key, e);
        if (leaseId != NO_LEASE) {
            leases.get(leaseId).keys().add(key);
        }
        publish(new WatchEvent.Put(e));
    }

    private void remove(String key) {
        Entry old = data.remove(key);
        if (old != null && old.leaseId() != NO_LEASE && leases.containsKey(old.leaseId())) {
            leases.get(old.leaseId()).keys().remove(key);
        }
        publish(new WatchEvent.Delete(key, revision));
    }

    private void publish(WatchEvent event) {
        history.add(new Recorded(++sequence, event));
        for (MemoryWatch w : watches) {
            if (!w.disconnected && !w.closed) {
                catchUp(w);
            }
        }
    }

    private void catchUp(MemoryWatch w) {
        boolean missedCompacted = w.nextSequence > 0 ? w.nextSequence <= compactedSequence : w.next <= compacted;
        if (missedCompacted) {
            Snapshot s = new Snapshot(List.copyOf(data.subMap(w.prefix, w.prefix + Character.MAX_VALUE).values()), revision);
            w.next = revision + 1;
            w.nextSequence = sequence + 1;
            w.listener.onEvent(new WatchEvent.Resync(s, "revision compacted"));
            return;
        }
        for (Recorded r : List.copyOf(history)) {
            WatchEvent e = r.event();
            boolean due = w.nextSequence > 0 ? r.sequence() >= w.nextSequence : e.revision() >= w.next;
            String key = e instanceof WatchEvent.Put p ? p.entry().key() : ((WatchEvent.Delete) e).key();
            if (due && key.startsWith(w.prefix) && !w.closed) {
                w.listener.onEvent(e);
            }
        }
        w.nextSequence = sequence + 1;
        w.next = Math.max(w.next, revision + 1);
    }
}
