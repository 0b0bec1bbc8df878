package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.RunningCluster;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gpwarden test-cluster stop-host HOST}. */
@Command(name = "stop-host", mixinStandardHelpOptions = true,
        description = "Kill every instance (postmaster and children, SIGKILL) and the sshd of an emulated host at once, "
                + "as if it lost power. Its address then refuses connections.")
public final class StopHostCommand extends ClusterCommand {
    @Mixin
    ClusterDirOption dir;

    @Parameters(index = "0", paramLabel = "HOST", description = "cdw, scdw or sdw1..sdwN.")
    String host;

    @Override
    int execute() throws Exception {
        RunningCluster cluster = RunningCluster.open(dir.dir(), false);
        cluster.host(host);
        if (cluster.isHostStopped(host)) {
            out().println("gpwarden test-cluster: host " + host + " is already stopped");
            return OK;
        }
        List<Path> killed = cluster.stopHost(host);
        out().println("gpwarden test-cluster: stopped host " + host + " (sshd and " + killed.size() + " instances)");
        return OK;
    }
}
