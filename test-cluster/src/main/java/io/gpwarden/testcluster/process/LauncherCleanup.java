package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The end of a launcher's life (PostgreSQL, etcd, Kafka, a whole cluster): its processes are
 * stopped when it is closed, or by a JVM shutdown hook if the JVM exits first, and a temporary
 * directory it owns is deleted then. Shared test servers are only ever stopped by the hook, so
 * the hook deletes too: a suite run used to leave about 2 GB in /tmp (a database, a Kafka log),
 * and the disk the tests measure is this machine's.
 *
 * <p>Invariants: the stop runs at most from two places (close and the hook), and the hook is
 * removed once close has stopped everything; the directory is deleted only after a stop that
 * did not throw (never under running servers) or, with {@link #closeQuietly}, after a stop whose
 * failure was reported on stderr.
 */
public final class LauncherCleanup {
    /** Stops what the launcher started; returns once it is gone. */
    @FunctionalInterface
    public interface Stop {
        void stop() throws IOException;
    }

    private final String what;
    private final Stop stop;
    private final Path temporaryDirectory;
    private final Thread shutdownHook;

    /**
     * @param what               names the launcher in messages and in the hook's thread name
     * @param stopAtJvmExit      register a shutdown hook (false: the processes outlive this JVM, as {@code up}'s do)
     * @param temporaryDirectory deleted on close; null to keep the files
     */
    public LauncherCleanup(String what, Stop stop, boolean stopAtJvmExit, Path temporaryDirectory) {
        this.what = what;
        this.stop = stop;
        this.temporaryDirectory = temporaryDirectory;
        if (stopAtJvmExit) {
            this.shutdownHook = new Thread(this::stopAndDeleteAtJvmExit, "gpwarden-" + what.replace(' ', '-') + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /** Stops; a failure is reported on stderr, not thrown (the shutdown hook's way). */
    public void stopQuietly() {
        try {
            stop.stop();
        } catch (IOException | RuntimeException e) {
            System.err.println("gpwarden: stopping " + what + " failed: " + e);
        }
    }

    /** The hook: stops, and deletes the directory only if the stop did not fail (never under running servers). */
    private void stopAndDeleteAtJvmExit() {
        try {
            stop.stop();
        } catch (IOException | RuntimeException e) {
            System.err.println("gpwarden: stopping " + what + " failed, its files are kept: " + e);
            return;
        }
        deleteDirectory();
    }

    /** Stops (a failure propagates and keeps hook and files), then removes the hook and deletes the directory. */
    public void close() throws IOException {
        stop.stop();
        forget();
    }

    /** Stops quietly, then removes the hook and deletes the directory whatever happened. */
    public void closeQuietly() {
        stopQuietly();
        forget();
    }

    private void forget() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and runs the hook itself
            }
        }
        deleteDirectory();
    }

    private void deleteDirectory() {
        if (temporaryDirectory != null) {
            ExternalCommand.run(List.of("rm", "-rf", temporaryDirectory.toString()), Duration.ofMinutes(2));
        }
    }
}
