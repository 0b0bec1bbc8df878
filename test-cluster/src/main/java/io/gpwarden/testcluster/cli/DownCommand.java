package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.RunningCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gpwarden test-cluster down}: stops every process the cluster started, by PID. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop every process the cluster in --dir started (PostgreSQL, sshd, FTS, etcd, Kafka), by PID "
                + "verified against its command line. The files stay until the next up.")
public final class DownCommand extends ClusterCommand {
    @Mixin
    ClusterDirOption dir;

    @Override
    int execute() throws Exception {
        RunningCluster cluster = RunningCluster.open(dir.dir(), false);
        int live = cluster.access().ledger().live().size();
        cluster.down();
        out().println("gpwarden test-cluster: stopped " + live + " processes of " + cluster.files().root());
        return OK;
    }
}
