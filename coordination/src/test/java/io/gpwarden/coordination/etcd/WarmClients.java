package io.gpwarden.coordination.etcd;

import io.gpwarden.coordination.CoordinationException;
import io.gpwarden.testcluster.etcd.EtcdCluster;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Clients for integration tests, connected before the test starts: a fresh jetcd client's first
 * request (class loading, Vert.x and gRPC start-up) can take seconds on a busy 2-core machine,
 * which is not what a test of timeouts means to measure.
 */
final class WarmClients {
    private WarmClients() {
    }

    static List<URI> endpoints(EtcdCluster etcd) {
        return Arrays.stream(etcd.endpoints().split(",")).map(URI::create).toList();
    }

    static List<URI> endpoints(EtcdCluster etcd, int... members) {
        return Arrays.stream(members).mapToObj(i -> URI.create(etcd.members().get(i).clientUrl())).toList();
    }

    /** A client whose first request has been answered (tried for up to 60 s). */
    static EtcdCoordinator connect(EtcdSettings settings) {
        EtcdCoordinator store = EtcdCoordinator.connect(settings);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                store.checkConnection();
                return store;
            } catch (CoordinationException e) {
                if (e.condition().isConfigurationError() || System.nanoTime() > deadline) {
                    store.close();
                    throw e;
                }
            }
        }
    }
}
