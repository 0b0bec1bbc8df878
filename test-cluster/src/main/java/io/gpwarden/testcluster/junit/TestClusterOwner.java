package io.gpwarden.testcluster.junit;

import io.gpwarden.testcluster.process.ExternalCommand;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.state.ClusterFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which JVM a test cluster belongs to ({@code owner}: PID and start time of the test JVM), so that
 * the clusters of a test run that was killed outright (no shutdown hook ran) are stopped and
 * deleted by the next run. A cluster whose owner still runs, or that has no owner file, is never
 * touched: other people's clusters on the same machine stay alive.
 */
final class TestClusterOwner {
    static final String FILE = "owner";

    private TestClusterOwner() {
    }

    static void claim(Path dir) throws IOException {
        ProcessHandle me = ProcessHandle.current();
        Files.writeString(dir.resolve(FILE), me.pid() + " " + me.info().startInstant().map(Instant::toString).orElse("?") + "\n");
    }

    /** Stops and deletes every gpwarden-cluster-* directory in {@code tmp} whose owner JVM is gone. */
    static void sweepAbandoned(Path tmp) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, "gpwarden-cluster-*")) {
            for (Path dir : ds) {
                if (Files.isRegularFile(dir.resolve(FILE)) && !ownerAlive(dir.resolve(FILE))) {
                    new ProcessLedger(new ClusterFiles(dir).ledgerDir()).stopAll(Duration.ofSeconds(10));
                    ExternalCommand.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), Duration.ofMinutes(2));
                }
            }
        } catch (IOException | RuntimeException e) {
            // sweeping is housekeeping: a failure must not stop this run's tests
        }
    }

    static boolean ownerAlive(Path ownerFile) throws IOException {
        String[] f = Files.readString(ownerFile).trim().split(" ");
        Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(f[0]));
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        String started = h.get().info().startInstant().map(Instant::toString).orElse("?");
        return f.length < 2 || started.equals(f[1]);
    }
}
