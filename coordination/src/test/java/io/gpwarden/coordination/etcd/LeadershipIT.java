package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.coordination.KeySpace;
import io.gpwarden.coordination.Leadership;
import io.gpwarden.coordination.LeaseTiming;
import io.gpwarden.coordination.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leadership between real clients on a real three-member etcd. Timing: TTL 5 s, margin 1 s, call
 * timeout 2 s, a renewal retries until its deadline (generous for a loaded 2-core machine); every check waits for events, the only
 * timing assertion is the safety rule itself: the holder's deadline comes at least {@code margin}
 * before anyone else can win.
 */
class LeadershipIT {
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration MARGIN = Duration.ofSeconds(1);
    private static final Duration CALL = Duration.ofSeconds(2);
    private static final LeaseTiming TIMING = new LeaseTiming(TTL, MARGIN, TTL.minus(MARGIN));

    @RegisterExtension
    static final SharedEtcd ETCD = new SharedEtcd();
    private final List<EtcdCoordinator> clients = new ArrayList<>();
    private String key;

    @BeforeEach
    void freshKey() {
        key = new KeySpace("c" + UUID.randomUUID().toString().substring(0, 8)).controllerLeader();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(EtcdCoordinator::close);
    }

    private Leadership contender(String name, int... members) {
        EtcdSettings settings = EtcdSettings.plain(members.length == 0 ? WarmClients.endpoints(ETCD.cluster())
                : WarmClients.endpoints(ETCD.cluster(), members)).withTimings(CALL, TTL, MARGIN);
        EtcdCoordinator client = WarmClients.connect(settings);
        clients.add(client);
        return new Leadership(client, key, "{\"v\":1,\"controller\":\"" + name + "\"}", TIMING, Ticker.SYSTEM);
    }

    /** Campaigns every 100 ms until it leads (60 s at most); returns when, on the monotonic clock. */
    private static long campaignUntilLeader(Leadership l) throws InterruptedException {
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < giveUp) {
            if (l.renewOrCampaign().isLeader()) {
                return System.nanoTime();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never became leader");
    }

    @Test
    void ofTwoClientsCampaigningAtTheSameMomentExactlyOneLeads() throws Exception {
        Leadership a = contender("a");
        Leadership b = contender("b");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Leadership.Status> fa = pool.submit(() -> {
                go.await();
                return a.renewOrCampaign();
            });
            Future<Leadership.Status> fb = pool.submit(() -> {
                go.await();
                return b.renewOrCampaign();
            });
            go.countDown();
            List<Leadership.State> states = List.of(fa.get().state(), fb.get().state());

            assertThat(states).containsExactlyInAnyOrder(Leadership.State.LEADER, Leadership.State.FOLLOWER);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheHoldersRenewalsStopTheOtherWinsOnlyAfterTheHoldersDeadlinePlusTheMargin() throws Exception {
        Leadership a = contender("a");
        Leadership b = contender("b");
        long firstEpoch = a.renewOrCampaign().epoch();
        long holderDeadline = a.current().orElseThrow().deadlineNanos();
        assertThat(b.renewOrCampaign().state()).isEqualTo(Leadership.State.FOLLOWER);

        long wonAt = campaignUntilLeader(b);

        assertThat(wonAt - holderDeadline).isGreaterThanOrEqualTo(MARGIN.toNanos());
        assertThat(b.current().orElseThrow().epoch()).isGreaterThan(firstEpoch);
        assertThat(a.isLeader()).isFalse();
        assertThat(a.renewOrCampaign().state()).isEqualTo(Leadership.State.LOST);
    }

    @Test
    void aHolderWhoseOnlyMemberIsKilledLosesAtItsNextRenewalBeforeTheOtherCanWin() throws Exception {
        Leadership a = contender("a", 0);
        Leadership b = contender("b", 1, 2);
        a.renewOrCampaign();
        assertThat(a.isLeader()).isTrue();

        ETCD.cluster().kill(0);
        Leadership.Status lost = a.renewOrCampaign();
        long lostAt = System.nanoTime();
        long wonAt = campaignUntilLeader(b);

        assertThat(lost.state()).isEqualTo(Leadership.State.LOST);
        assertThat(lost.sentence()).contains("renewal failed");
        assertThat(lostAt).isLessThan(wonAt);
    }

    @Test
    void aHolderThatKnowsEveryEndpointKeepsLeadingWhenAFollowerMemberIsKilled() throws Exception {
        assertLeadsThroughKillOf(followerIndex());
    }

    @Test
    void aHolderThatKnowsEveryEndpointKeepsLeadingWhenTheEtcdLeaderIsKilled() throws Exception {
        assertLeadsThroughKillOf(ETCD.cluster().leaderIndex());
    }

    private static int followerIndex() throws Exception {
        return (ETCD.cluster().leaderIndex() + 1) % 3;
    }

    private void assertLeadsThroughKillOf(int member) throws Exception {
        Leadership a = contender("a");
        long epoch = a.renewOrCampaign().epoch();
        assertThat(a.isLeader()).isTrue();

        ETCD.cluster().kill(member);
        List<String> notLeader = new ArrayList<>();
        // longer than one TTL: the lease survived only if renewals went through the other members
        long until = System.nanoTime() + TTL.toNanos() + 1_000_000_000L;
        while (System.nanoTime() < until) {
            Thread.sleep(300);
            Leadership.Status s = a.renewOrCampaign();
            if (!s.isLeader() || s.epoch() != epoch) {
                notLeader.add(s.sentence());
            }
        }

        assertThat(notLeader).isEmpty();
    }
}
