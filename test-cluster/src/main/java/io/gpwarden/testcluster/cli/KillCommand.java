package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.RunningCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gpwarden test-cluster kill DBID}: kill -9 one postmaster. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "kill -9 the postmaster of the instance with this gp_segment_configuration dbid (a crash).")
public final class KillCommand extends ClusterCommand {
    @Mixin
    ClusterDirOption dir;

    @Parameters(index = "0", paramLabel = "DBID", description = "dbid in gp_segment_configuration (see status).")
    int dbid;

    @Override
    int execute() throws Exception {
        RunningCluster.open(dir.dir(), false).kill(dbid);
        out().println("gpwarden test-cluster: killed dbid " + dbid);
        return OK;
    }
}
