package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.RunningCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gpwarden test-cluster disk-fill HOST PERCENT}. */
@Command(name = "disk-fill", mixinStandardHelpOptions = true,
        description = "Make gp_toolkit.gp_disk_free report PERCENT % of the disk used for every segment on HOST "
                + "(dfspace = size * (100 - PERCENT) / 100). PERCENT 'off' returns to the real df values.")
public final class DiskFillCommand extends ClusterCommand {
    @Mixin
    ClusterDirOption dir;

    @Parameters(index = "0", paramLabel = "HOST", description = "A host of the cluster, e.g. sdw1.")
    String host;

    @Parameters(index = "1", paramLabel = "PERCENT", description = "0..100, or off.")
    String percent;

    @Override
    int execute() throws Exception {
        Double value;
        if ("off".equalsIgnoreCase(percent)) {
            value = null;
        } else {
            try {
                value = Double.valueOf(percent);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PERCENT must be a number from 0 to 100 or 'off', not '" + percent + "'");
            }
        }
        RunningCluster.open(dir.dir(), false).diskFill(host, value);
        out().println("gpwarden test-cluster: gp_disk_free reports " + (value == null ? "real values" : value + " % used")
                + " for " + host);
        return OK;
    }
}
