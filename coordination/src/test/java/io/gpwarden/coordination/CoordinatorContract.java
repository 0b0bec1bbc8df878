package io.gpwarden.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantics every {@link Coordinator} has, checked the same way on etcd ({@code EtcdCoordinatorIT})
 * and on {@link InMemoryCoordinator} ({@code InMemoryCoordinatorTest}), so the fake cannot drift from
 * the real store. Each test works under its own cluster name.
 */
public abstract class CoordinatorContract {
    protected KeySpace keys;

    /** The store under test (shared by a class's tests; keys never collide). */
    protected abstract Coordinator store();

    @BeforeEach
    void freshCluster() {
        keys = new KeySpace("c" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void createIfAbsentSucceedsOnceAndTheSecondCreatorGetsTheFirstValue() {
        String key = keys.incident("disk/sdw1");
        WriteOutcome first = store().create(key, "{\"v\":1,\"n\":1}", Coordinator.NO_LEASE);
        WriteOutcome second = store().create(key, "{\"v\":1,\"n\":2}", Coordinator.NO_LEASE);

        assertThat(first.applied()).isTrue();
        assertThat(second.applied()).isFalse();
        assertThat(second.current()).get().satisfies(e -> {
            assertThat(e.value()).isEqualTo("{\"v\":1,\"n\":1}");
            assertThat(e.createRevision()).isEqualTo(first.revision());
        });
    }

    @Test
    void replaceAppliesOnlyWithTheModRevisionThatWasRead() {
        String key = keys.coordinator();
        store().create(key, "a", Coordinator.NO_LEASE);
        Entry read = store().get(key).orElseThrow();

        WriteOutcome fresh = store().replace(key, read.modRevision(), "b", Coordinator.NO_LEASE);
        WriteOutcome stale = store().replace(key, read.modRevision(), "c", Coordinator.NO_LEASE);

        assertThat(fresh.applied()).isTrue();
        assertThat(stale.applied()).isFalse();
        assertThat(stale.current()).get().extracting(Entry::value).isEqualTo("b");
        Entry now = store().get(key).orElseThrow();
        assertThat(now.modRevision()).isEqualTo(fresh.revision());
        assertThat(now.createRevision()).isEqualTo(read.createRevision());
    }

    @Test
    void deleteIfRefusesAStaleRevisionAndDeletesWithTheCurrentOne() {
        String key = keys.job("orders");
        long created = store().create(key, "x", Coordinator.NO_LEASE).revision();
        long written = store().put(key, "y", Coordinator.NO_LEASE);

        assertThat(store().deleteIf(key, created).applied()).isFalse();
        assertThat(store().deleteIf(key, written).applied()).isTrue();
        assertThat(store().get(key)).isEmpty();
    }

    @Test
    void aTransactionWhoseCompareFailsAppliesNoneOfItsOperations() {
        String a = keys.job("a");
        String b = keys.job("b");
        store().put(a, "old", Coordinator.NO_LEASE);

        TxnOutcome t = store().commit(new Transaction(
                List.of(new Transaction.Compare.CreateRevision(a, 0)),
                List.of(new Transaction.Operation.Put(a, "new", Coordinator.NO_LEASE),
                        new Transaction.Operation.Put(b, "new", Coordinator.NO_LEASE))));

        assertThat(t.succeeded()).isFalse();
        assertThat(store().get(a)).get().extracting(Entry::value).isEqualTo("old");
        assertThat(store().get(b)).isEmpty();
    }

    @Test
    void aRecreatedKeyHasANewCreateRevisionSoTheOldEpochNoLongerHolds() {
        String key = keys.controllerLeader();
        long first = store().create(key, "a", Coordinator.NO_LEASE).revision();
        store().delete(key);
        long second = store().create(key, "b", Coordinator.NO_LEASE).revision();

        assertThat(second).isGreaterThan(first);
        assertThat(store().isStillCreatedAt(key, first)).isFalse();
        assertThat(store().isStillCreatedAt(key, second)).isTrue();
    }

    @Test
    void listReturnsThePrefixInKeyOrderAtARevisionNoOlderThanItsEntries() {
        store().put(keys.agent("b"), "2", Coordinator.NO_LEASE);
        store().put(keys.agent("a"), "1", Coordinator.NO_LEASE);
        store().put(keys.agentAck("a"), "ack", Coordinator.NO_LEASE);
        store().put(keys.job("not-an-agent"), "x", Coordinator.NO_LEASE);

        Snapshot s = store().list(keys.agentsPrefix());

        assertThat(s.entries()).extracting(Entry::key)
                .containsExactly(keys.agent("a"), keys.agentAck("a"), keys.agent("b"));
        assertThat(s.revision()).isGreaterThanOrEqualTo(s.entries().stream().mapToLong(Entry::modRevision).max().orElse(0));
    }

    @Test
    void revokingALeaseDeletesItsKeysAndItCannotBeRenewedAfterwards() {
        LeaseGrant lease = store().grantLease(Duration.ofSeconds(30));
        String key = keys.agent("sdw1");
        store().create(key, "{}", lease.id());
        assertThat(store().get(key)).get().extracting(Entry::leaseId).isEqualTo(lease.id());
        assertThat(store().keepAliveOnce(lease.id())).get().isEqualTo(Duration.ofSeconds(30));

        store().revokeLease(lease.id());

        assertThat(store().get(key)).isEmpty();
        assertThat(store().keepAliveOnce(lease.id())).isEmpty();
    }

    @Test
    void aWatchFromASnapshotDeliversEveryLaterChangeInRevisionOrder() throws Exception {
        Snapshot before = store().list(keys.jobsPrefix());
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch w = store().watch(keys.jobsPrefix(), before.revision() + 1, events::add)) {
            long r1 = store().put(keys.job("a"), "1", Coordinator.NO_LEASE);
            long r2 = store().put(keys.job("a"), "2", Coordinator.NO_LEASE);
            store().put(keys.agent("elsewhere"), "x", Coordinator.NO_LEASE);
            store().delete(keys.job("a"));

            WatchEvent e1 = events.poll(10, TimeUnit.SECONDS);
            WatchEvent e2 = events.poll(10, TimeUnit.SECONDS);
            WatchEvent e3 = events.poll(10, TimeUnit.SECONDS);
            assertThat(e1).isInstanceOfSatisfying(WatchEvent.Put.class, p -> {
                assertThat(p.entry().value()).isEqualTo("1");
                assertThat(p.revision()).isEqualTo(r1);
            });
            assertThat(e2).isInstanceOfSatisfying(WatchEvent.Put.class, p -> assertThat(p.revision()).isEqualTo(r2));
            assertThat(e3).isInstanceOfSatisfying(WatchEvent.Delete.class,
                    d -> assertThat(d.key()).isEqualTo(keys.job("a")));
            assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
