package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.ClusterStatus;
import io.gpwarden.testcluster.cluster.RunningCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gpwarden test-cluster status}: hosts, instances, FTS, etcd, Kafka, memory. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show hosts, every instance (role, mode, status, port, pid), the FTS emulation, etcd and Kafka "
                + "endpoints and memory in use.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy", "1:degraded (an instance down, out of sync or not in its preferred role)",
            "2:usage error or no cluster in --dir", "3:no coordinator accepts connections"})
public final class StatusCommand extends ClusterCommand {
    @Mixin
    ClusterDirOption dir;

    @Override
    int execute() throws Exception {
        ClusterStatus status = ClusterStatus.of(RunningCluster.open(dir.dir(), false));
        status.render().forEach(out()::println);
        return switch (status.health()) {
            case HEALTHY -> OK;
            case DEGRADED -> FAILURE;
            case UNREACHABLE -> UNREACHABLE;
        };
    }
}
