package io.gpwarden.coordination.etcd;

import io.gpwarden.testcluster.etcd.EtcdCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One three-member etcd for every integration test class of the module that registers it (started
 * once per test run, stopped at its end), the way jetcd's {@code EtcdClusterExtension} serves its
 * tests. Tests keep apart by using their own cluster name under {@code /gpwarden/v1/}; a test that
 * kills or freezes members gets them back after it, so the next test starts with three healthy ones.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedEtcd ETCD = new SharedEtcd();
 * ... ETCD.cluster().kill(0) ...
 * }</pre>
 */
final class SharedEtcd implements BeforeAllCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedEtcd.class);

    /** Closes the cluster when the run's root context closes. */
    private record Handle(EtcdCluster cluster) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }

    private EtcdCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(NS).getOrComputeIfAbsent("three-members", k -> {
            try {
                return new Handle(EtcdCluster.start(3));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Handle.class).cluster();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (int i = 0; i < cluster.members().size(); i++) {
            if (cluster.isRunning(i)) {
                cluster.thaw(i);
            } else {
                cluster.restart(i);
            }
        }
    }

    EtcdCluster cluster() {
        return cluster;
    }
}
