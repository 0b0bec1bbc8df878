package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.coordination.Coordinator;
import io.gpwarden.coordination.CoordinatorContract;
import io.gpwarden.coordination.LeaseGrant;
import io.gpwarden.testcluster.etcd.EtcdCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@link CoordinatorContract} on a real one-member etcd (Debian's etcd 3.4). */
class EtcdCoordinatorIT extends CoordinatorContract {
    private static EtcdCluster etcd;
    private static EtcdCoordinator store;

    @BeforeAll
    static void start() throws Exception {
        etcd = EtcdCluster.start(1);
        store = WarmClients.connect(EtcdSettings.plain(WarmClients.endpoints(etcd)));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (etcd != null) {
            etcd.close();
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
    void theConnectionCheckPassesOnAReachableCluster() {
        store.checkConnection();
    }
}
