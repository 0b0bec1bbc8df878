package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.fts.FtsSettings;
import io.gpwarden.testcluster.layout.ClusterSpec;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How to bring a cluster up: its shape, directory, FTS timing, whether fsync stays on, and
 * whether the servers stop when this JVM exits (tests) or outlive it (the CLI's {@code up}).
 */
public record UpOptions(ClusterSpec spec, Path dir, FtsSettings fts, boolean fsync, boolean stopAtJvmExit,
                        PrintStream progress) {

    public static UpOptions forTests(ClusterSpec spec, Path dir) {
        return new UpOptions(spec, dir, FtsSettings.standIn(), true, true, nullStream());
    }

    public UpOptions withFsync(boolean on) {
        return new UpOptions(spec, dir, fts, on, stopAtJvmExit, progress);
    }

    public UpOptions withFts(FtsSettings settings) {
        return new UpOptions(spec, dir, settings, fsync, stopAtJvmExit, progress);
    }

    static PrintStream nullStream() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
