package io.gpwarden.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared contract on the in-memory store, plus what only the fake offers (time, outages, compaction). */
class InMemoryCoordinatorTest extends CoordinatorContract {
    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryCoordinator store = new InMemoryCoordinator(ticker);

    @Override
    protected Coordinator store() {
        return store;
    }

    @Test
    void aLeaseExpiresExactlyAtItsTtlAfterTheLastRenewal() {
        LeaseGrant lease = store.grantLease(Duration.ofSeconds(6));
        store.create(keys.agent("a"), "{}", lease.id());
        ticker.advance(Duration.ofSeconds(5));
        assertThat(store.keepAliveOnce(lease.id())).isPresent();

        ticker.advance(Duration.ofMillis(5999));
        assertThat(store.get(keys.agent("a"))).isPresent();
        ticker.advance(Duration.ofMillis(1));
        assertThat(store.get(keys.agent("a"))).isEmpty();
    }

    @Test
    void anUnreachableStoreFailsEveryCallWithItsConditionAndWatchesSayDisconnectedOnce() {
        List<WatchEvent> events = new ArrayList<>();
        store.watch(keys.root(), store.revision() + 1, events::add);

        store.becomeUnreachable(CoordinationException.Condition.UNREACHABLE);
        store.becomeUnreachable(CoordinationException.Condition.UNREACHABLE);

        assertThatThrownBy(() -> store.get(keys.coordinator()))
                .isInstanceOfSatisfying(CoordinationException.class,
                        e -> assertThat(e.condition()).isEqualTo(CoordinationException.Condition.UNREACHABLE));
        assertThat(events).singleElement().isInstanceOf(WatchEvent.Disconnected.class);
    }

    @Test
    void aWatchFromACompactedRevisionGetsAResyncWithTheWholePrefix() {
        store.put(keys.job("a"), "1", Coordinator.NO_LEASE);
        long firstRevision = store.revision();
        store.put(keys.job("b"), "2", Coordinator.NO_LEASE);
        store.compact(store.revision());
        List<WatchEvent> events = new ArrayList<>();

        store.watch(keys.jobsPrefix(), firstRevision, events::add);

        assertThat(events).singleElement().isInstanceOfSatisfying(WatchEvent.Resync.class,
                r -> assertThat(r.snapshot().entries()).extracting(Entry::key)
                        .containsExactly(keys.job("a"), keys.job("b")));
    }

    @Test
    void keysOfOneRevokedLeaseAreAllDeliveredAsDeletes() {
        LeaseGrant lease = store.grantLease(Duration.ofSeconds(6));
        store.put(keys.jobOwner("j", "a"), "{}", lease.id());
        store.put(keys.jobOwner("k", "a"), "{}", lease.id());
        List<WatchEvent> events = new ArrayList<>();
        store.watch(keys.jobsPrefix(), store.revision() + 1, events::add);

        store.revokeLease(lease.id());

        assertThat(events).hasSize(2).allMatch(e -> e instanceof WatchEvent.Delete);
    }
}
