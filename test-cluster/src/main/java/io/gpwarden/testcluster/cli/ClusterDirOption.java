package io.gpwarden.testcluster.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dir} option every test-cluster command takes. */
public final class ClusterDirOption {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".gpwarden/cluster",
            description = "Directory of the cluster (default: ${DEFAULT-VALUE}).")
    Path dir;

    public Path dir() {
        return dir.toAbsolutePath().normalize();
    }
}
