package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.state.ClusterState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code export NAME=VALUE} lines of {@code gpwarden test-cluster env}, for scripts to eval:
 * the coordinator for libpq (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSFILE), the ssh_config for
 * {@code ssh -F "$GPWARDEN_SSH_CONFIG" sdw1 gpstate -e}, the controller configuration for
 * {@code gpwarden status --config "$GPWARDEN_CONTROLLER_CONFIG"}, and etcd/Kafka when they were started.
 * Values are single-quoted for the shell.
 */
public final class ClusterEnvironment {
    private ClusterEnvironment() {
    }

    public static List<String> exports(ClusterState state, Optional<ClusterAccess.Endpoint> acting) {
        String host = acting.map(ClusterAccess.Endpoint::address).orElse(state.instances().get(0).address());
        int port = acting.map(ClusterAccess.Endpoint::port).orElse(state.coordinatorPort());
        List<String> out = new ArrayList<>();
        out.add(export("PGHOST", host));
        out.add(export("PGPORT", Integer.toString(port)));
        out.add(export("PGUSER", state.superuser()));
        out.add(export("PGDATABASE", state.database()));
        out.add(export("PGPASSFILE", state.files().passFile().toString()));
        out.add(export("GPWARDEN_SSH_CONFIG", state.files().sshConfig().toString()));
        out.add(export("GPWARDEN_CLUSTER_DIR", state.root()));
        out.add(export("GPWARDEN_CONTROLLER_CONFIG", state.files().controllerConfig().toString()));
        if (state.etcdEndpoints() != null) {
            out.add(export("GPWARDEN_ETCD_ENDPOINTS", state.etcdEndpoints()));
        }
        if (state.kafkaBootstrap() != null) {
            out.add(export("GPWARDEN_KAFKA_BOOTSTRAP", state.kafkaBootstrap()));
        }
        return out;
    }

    static String export(String name, String value) {
        return "export " + name + "='" + value.replace("'", "'\\''") + "'";
    }
}
