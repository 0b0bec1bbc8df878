package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.RunningCluster;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code stop-host HOST} and {@code start-host HOST}: a host's power switched off or on. Switching
 * it to the state it is in already changes nothing and says so (exit 0); an unknown host is a
 * usage error naming the hosts (exit 2).
 */
abstract class HostPowerCommand extends ClusterCommand {
    private final boolean off;

    @Mixin
    ClusterDirOption dir;

    @Parameters(index = "0", paramLabel = "HOST", description = "cdw, scdw or sdw1..sdwN.")
    String host;

    HostPowerCommand(boolean off) {
        this.off = off;
    }

    @Override
    final int execute() throws Exception {
        RunningCluster cluster = RunningCluster.open(dir.dir(), false);
        cluster.host(host);
        if (cluster.isHostStopped(host) == off) {
            out().println("gpwarden test-cluster: host " + host + (off ? " is already stopped" : " is not stopped"));
            return OK;
        }
        List<Path> instances = off ? cluster.stopHost(host) : cluster.startHost(host);
        out().println("gpwarden test-cluster: " + (off ? "stopped" : "started") + " host " + host + " (sshd and "
                + instances.size() + " instances)");
        return OK;
    }
}
