package io.gpwarden.testcluster.state;

import io.gpwarden.testcluster.fts.FtsSettings;
import io.gpwarden.testcluster.layout.ClusterSpec;
import io.gpwarden.testcluster.layout.HostPlan;
import io.gpwarden.testcluster.layout.InstancePlan;
import java.util.List;
import java.util.Optional;

/**
 * What {@code up} decided about a running stand-in cluster, saved as {@code cluster.json} for
 * every later command, utility and the FTS daemon. It describes the cluster as created; the
 * live truth about roles and status is the catalog (gp_segment_configuration) in the acting
 * coordinator. Holds no secret: the password is only in the pgpass file.
 */
public record ClusterState(int version, String root, ClusterSpec spec, String osAccount, boolean switchUser,
                           String superuser, String database, String pgBin, int coordinatorPort, int sshPort,
                           List<HostPlan> hosts, List<InstancePlan> instances, FtsSettings fts,
                           String etcdEndpoints, String kafkaBootstrap, String createdAt) {
    public static final int VERSION = 1;

    public ClusterState {
        hosts = List.copyOf(hosts);
        instances = List.copyOf(instances);
    }

    public ClusterFiles files() {
        return new ClusterFiles(java.nio.file.Path.of(root));
    }

    public Optional<HostPlan> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The host names, in order, for messages that say what would work. */
    public List<String> hostNames() {
        return hosts.stream().map(HostPlan::name).toList();
    }

    public ClusterState withServices(String etcd, String kafka) {
        return new ClusterState(version, root, spec, osAccount, switchUser, superuser, database, pgBin, coordinatorPort,
                sshPort, hosts, instances, fts, etcd, kafka, createdAt);
    }
}
