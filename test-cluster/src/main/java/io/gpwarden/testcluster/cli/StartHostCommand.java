package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.RunningCluster;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gpwarden test-cluster start-host HOST}. */
@Command(name = "start-host", mixinStandardHelpOptions = true,
        description = "Bring a stopped host back: its sshd, then the instances that ran on it, except segments the "
                + "catalog marks down (recover those with gprecoverseg, as after a real reboot).")
public final class StartHostCommand extends ClusterCommand {
    @Mixin
    ClusterDirOption dir;

    @Parameters(index = "0", paramLabel = "HOST", description = "cdw, scdw or sdw1..sdwN.")
    String host;

    @Override
    int execute() throws Exception {
        RunningCluster cluster = RunningCluster.open(dir.dir(), false);
        cluster.host(host);
        if (!cluster.isHostStopped(host)) {
            out().println("gpwarden test-cluster: host " + host + " is not stopped");
            return OK;
        }
        List<Path> started = cluster.startHost(host);
        out().println("gpwarden test-cluster: started host " + host + " (sshd and " + started.size() + " instances)");
        return OK;
    }
}
