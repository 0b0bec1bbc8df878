package io.gpwarden.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leadership's decisions on the in-memory store and a manual clock: TTL 6 s, margin 2 s, so a
 * holder trusts a renewal sent at t until t + 4 s and the store expires it at t + 6 s.
 */
class LeadershipTest {
    private static final Duration TTL = Duration.ofSeconds(6);
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private final ManualTicker ticker = new ManualTicker();
    private final InMemoryCoordinator store = new InMemoryCoordinator(ticker);
    private final KeySpace keys = new KeySpace("prod");
    private final LeaseTiming timing = new LeaseTiming(TTL, MARGIN, Duration.ofSeconds(1));
    private final Leadership a = new Leadership(store, keys.controllerLeader(), "a", timing, ticker);
    private final Leadership b = new Leadership(store, keys.controllerLeader(), "b", timing, ticker);

    @Test
    void ofTwoCampaignersExactlyOneLeadsAndTheOtherNamesIt() {
        Leadership.Status first = a.renewOrCampaign();
        Leadership.Status second = b.renewOrCampaign();

        assertThat(first.state()).isEqualTo(Leadership.State.LEADER);
        assertThat(second.state()).isEqualTo(Leadership.State.FOLLOWER);
        assertThat(second.holder()).contains("a");
        assertThat(second.epoch()).isEqualTo(first.epoch());
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
    }

    @Test
    void renewingBeforeTheDeadlineKeepsTheSameEpoch() {
        long epoch = a.renewOrCampaign().epoch();
        for (int i = 0; i < 5; i++) {
            ticker.advance(Duration.ofSeconds(3));
            Leadership.Status s = a.renewOrCampaign();
            assertThat(s.state()).isEqualTo(Leadership.State.LEADER);
            assertThat(s.epoch()).isEqualTo(epoch);
        }
    }

    @Test
    void theHolderStopsTrustingItsLeaseAtSendTimePlusTtlMinusMargin() {
        a.renewOrCampaign();
        ticker.advance(Duration.ofMillis(3999));
        assertThat(a.isLeader()).isTrue();
        ticker.advance(Duration.ofMillis(1));
        assertThat(a.isLeader()).isFalse();
    }

    @Test
    void aTickAfterTheDeadlineIsLostWithoutAskingTheStore() {
        a.renewOrCampaign();
        ticker.advance(Duration.ofSeconds(5));
        int callsBefore = store.calls();

        Leadership.Status s = a.renewOrCampaign();

        assertThat(s.state()).isEqualTo(Leadership.State.LOST);
        assertThat(s.sentence()).contains("the tick came 1000 ms after the lease deadline");
        // the only call is the best-effort revoke after deciding
        assertThat(store.calls() - callsBefore).isEqualTo(1);
    }

    @Test
    void aFailedRenewalIsLostAtOnceEvenThoughTheLeaseMayStillBeAlive() {
        a.renewOrCampaign();
        ticker.advance(Duration.ofSeconds(1));
        store.becomeUnreachable(CoordinationException.Condition.UNREACHABLE);

        Leadership.Status s = a.renewOrCampaign();

        assertThat(s.state()).isEqualTo(Leadership.State.LOST);
        assertThat(s.condition()).contains(CoordinationException.Condition.UNREACHABLE);
        assertThat(a.isLeader()).isFalse();
    }

    @Test
    void whenTheHolderStopsRenewingTheOtherWinsAtTtlAndTheHoldersDeadlineCameFirst() {
        a.renewOrCampaign();
        long holderDeadline = a.current().orElseThrow().deadlineNanos();
        long wonAt = -1;
        for (int i = 0; i < 20 && wonAt < 0; i++) {
            ticker.advance(Duration.ofMillis(500));
            if (b.renewOrCampaign().isLeader()) {
                wonAt = ticker.nanos();
            }
        }

        assertThat(wonAt).isEqualTo(holderDeadline + MARGIN.toNanos());
        assertThat(holderDeadline).isLessThan(wonAt);
        assertThat(a.renewOrCampaign().state()).isEqualTo(Leadership.State.LOST);
    }

    @Test
    void resigningLetsTheOtherWinAtOnceWithALargerEpoch() {
        long first = a.renewOrCampaign().epoch();
        a.resign();

        Leadership.Status s = b.renewOrCampaign();

        assertThat(s.state()).isEqualTo(Leadership.State.LEADER);
        assertThat(s.epoch()).isGreaterThan(first);
        assertThat(a.isLeader()).isFalse();
    }

    @Test
    void aKeyDeletedBehindTheHoldersBackIsLostOnTheNextRenewal() {
        a.renewOrCampaign();
        store.delete(keys.controllerLeader());

        Leadership.Status s = a.renewOrCampaign();

        assertThat(s.state()).isEqualTo(Leadership.State.LOST);
        assertThat(s.sentence()).contains("the key is gone or was taken by another process");
    }

    @Test
    void campaigningWhileTheStoreIsUnreachableSaysUnavailableWithTheCondition() {
        store.becomeUnreachable(CoordinationException.Condition.UNAUTHENTICATED);

        Leadership.Status s = a.renewOrCampaign();

        assertThat(s.state()).isEqualTo(Leadership.State.UNAVAILABLE);
        assertThat(s.condition()).contains(CoordinationException.Condition.UNAUTHENTICATED);
    }

    @Test
    void aWriteFencedByATermIsRefusedOnceAnotherProcessHoldsTheKey() {
        a.renewOrCampaign();
        Transaction.Compare fence = a.fence().orElseThrow();
        String coordinator = keys.coordinator();
        assertThat(store.commit(new Transaction(List.of(fence),
                List.of(new Transaction.Operation.Put(coordinator, "from a", Coordinator.NO_LEASE)))).succeeded()).isTrue();

        ticker.advance(TTL);
        assertThat(b.renewOrCampaign().isLeader()).isTrue();
        TxnOutcome late = store.commit(new Transaction(List.of(fence),
                List.of(new Transaction.Operation.Put(coordinator, "late from a", Coordinator.NO_LEASE))));

        assertThat(late.succeeded()).isFalse();
        assertThat(store.get(coordinator)).get().extracting(Entry::value).isEqualTo("from a");
        assertThat(a.fence()).isEmpty();
    }
}
