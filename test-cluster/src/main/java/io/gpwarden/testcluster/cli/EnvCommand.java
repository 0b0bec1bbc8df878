package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.ClusterEnvironment;
import io.gpwarden.testcluster.cluster.RunningCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gpwarden test-cluster env}: export lines for eval. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = {"Print export NAME=VALUE lines for eval: PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSFILE of the "
                + "acting coordinator, GPWARDEN_SSH_CONFIG (ssh -F \"$GPWARDEN_SSH_CONFIG\" sdw1 gpstate -e), "
                + "GPWARDEN_CONTROLLER_CONFIG (gpwarden status --config \"$GPWARDEN_CONTROLLER_CONFIG\"), and "
                + "GPWARDEN_ETCD_ENDPOINTS / GPWARDEN_KAFKA_BOOTSTRAP when started.",
                "Usage: eval \"$(gpwarden test-cluster env)\""})
public final class EnvCommand extends ClusterCommand {
    @Mixin
    ClusterDirOption dir;

    @Override
    int execute() throws Exception {
        RunningCluster cluster = RunningCluster.open(dir.dir(), false);
        ClusterEnvironment.exports(cluster.access().state(), cluster.access().actingCoordinator()).forEach(out()::println);
        return OK;
    }
}
