package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.coordination.Coordinator;
import io.gpwarden.coordination.CoordinatorContract;
import io.gpwarden.coordination.LeaseGrant;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link CoordinatorContract} on a real three-member etcd (Debian's etcd 3.4). */
class EtcdCoordinatorIT extends CoordinatorContract {
    @RegisterExtension
    static final SharedEtcd ETCD = new SharedEtcd();
    private static EtcdCoordinator store;

    @BeforeAll
    static void connect() {
        store = WarmClients.connect(EtcdSettings.plain(WarmClients.endpoints(ETCD.cluster())));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected Coordinator store() {
        return store;
    }

    @Test
    void aLeaseIsGrantedWithTheAskedTtlAndRenewedToIt() {
        LeaseGrant lease = store.grantLease(Duration.ofSeconds(5));

        assertThat(lease.ttl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(store.keepAliveOnce(lease.id())).contains(Duration.ofSeconds(5));
        store.revokeLease(lease.id());
    }

    @Test
    void aCompareOnlyTransactionAskedOfAFollowerSeesTheLatestWrite() throws Exception {
        int leader = ETCD.cluster().leaderIndex();
        int follower = (leader + 1) % 3;
        int stale = 0;
        try (EtcdCoordinator writer = WarmClients.connect(EtcdSettings.plain(WarmClients.endpoints(ETCD.cluster(), leader)));
             EtcdCoordinator reader = WarmClients.connect(EtcdSettings.plain(WarmClients.endpoints(ETCD.cluster(), follower)))) {
            for (int i = 0; i < 200; i++) {
                String key = keys.job("k" + i);
                long created = writer.create(key, "{}", Coordinator.NO_LEASE).revision();
                if (!reader.isStillCreatedAt(key, created)) {
                    stale++;
                }
            }
        }

        assertThat(stale).as("compares answered from a follower's stale copy").isZero();
    }

    @Test
    void theConnectionCheckPassesOnAReachableCluster() {
        store.checkConnection();
    }
}
