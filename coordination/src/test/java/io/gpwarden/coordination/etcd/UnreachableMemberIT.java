package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.coordination.Coordinator;
import io.gpwarden.coordination.CoordinationException;
import io.gpwarden.coordination.KeySpace;
import io.gpwarden.coordination.Leadership;
import io.gpwarden.coordination.LeaseTiming;
import io.gpwarden.coordination.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One member's client port stops answering (the member is SIGSTOPped: connections are accepted and
 * hang, as with a black-holed host, not refused): a client that knows every endpoint goes on
 * through the others, and a leader holding a lease keeps it.
 */
class UnreachableMemberIT {
    private static final Duration CALL = Duration.ofSeconds(1);
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration MARGIN = Duration.ofSeconds(1);

    @RegisterExtension
    static final SharedEtcd ETCD = new SharedEtcd();

    @Test
    void withAFollowersClientPortHangingWritesGoThroughTheOtherMembersAndTheLeaderKeepsItsLease() throws Exception {
        KeySpace keys = new KeySpace("c" + UUID.randomUUID().toString().substring(0, 8));
        int frozen = (ETCD.cluster().leaderIndex() + 1) % 3;
        try (EtcdCoordinator store = WarmClients.connect(EtcdSettings.plain(WarmClients.endpoints(ETCD.cluster()))
                .withTimings(CALL, TTL, MARGIN))) {
            Leadership leader = new Leadership(store, keys.controllerLeader(), "{\"v\":1}",
                    new LeaseTiming(TTL, MARGIN, TTL.minus(MARGIN)), Ticker.SYSTEM);
            long epoch = leader.renewOrCampaign().epoch();

            ETCD.cluster().freeze(frozen);
            // Until gRPC's keep-alive drops the hung connection (10 s ping + 3 s), about one request in
            // three goes to the frozen member and times out; the loop ends at the first 10 writes in a
            // row that all went through, which needs the client to have left the frozen member.
            List<String> notLeader = new ArrayList<>();
            int timedOut = 0;
            int written = 0;
            int inARow = 0;
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (inARow < 10 && System.nanoTime() < giveUp) {
                Leadership.Status s = leader.renewOrCampaign();
                if (!s.isLeader() || s.epoch() != epoch) {
                    notLeader.add(s.sentence());
                }
                // three writes per renewal (two requests): five requests a round, so over the rounds
                // every member, the frozen one too, gets writes while it is still in the rotation
                for (int i = 0; i < 3 && inARow < 10; i++) {
                    try {
                        store.put(keys.job("j" + written), "{\"v\":1}", Coordinator.NO_LEASE);
                        written++;
                        inARow++;
                    } catch (CoordinationException e) {
                        timedOut++;
                        inARow = 0;
                    }
                }
                Thread.sleep(100);
            }

            assertThat(notLeader).isEmpty();
            assertThat(timedOut).as("writes that reached the frozen member before it was dropped").isPositive();
            assertThat(inARow).isEqualTo(10);
            assertThat(written).isGreaterThan(timedOut);
            assertThat(store.list(keys.jobsPrefix()).entries()).hasSize(written);
        } finally {
            ETCD.cluster().thaw(frozen);
        }
    }
}
