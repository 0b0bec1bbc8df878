package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.process.ClassPath;
import io.gpwarden.testcluster.process.DetachedProcess;
import io.gpwarden.testcluster.process.ProcessLedger;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the FTS emulation ({@link io.gpwarden.testcluster.fts.FtsDaemon}) as a small child JVM
 * that outlives the command that started it, recorded in the ledger as {@code fts}.
 */
public final class FtsLauncher {
    public static final String LEDGER_NAME = "fts";

    private FtsLauncher() {
    }

    /** The argument that identifies the daemon of the cluster in {@code dir} in its command line. */
    public static String marker(ClusterAccess cluster) {
        return "-Dgpwarden.fts=" + cluster.files().root();
    }

    public static long start(ClusterAccess cluster, ClassPath cp, ProcessLedger ledger) throws IOException {
        List<String> flags = new ArrayList<>(List.of(marker(cluster), "-Xmx48m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=16m"));
        List<String> cmd = LibraryCopy.javaCommand(cp, "io.gpwarden.testcluster.fts.FtsDaemon", flags);
        cmd.add(cluster.files().root().toString());
        long pid = DetachedProcess.start(cmd, Map.of(), cluster.files().logsDir().resolve("fts.log"));
        ledger.recordProcess(LEDGER_NAME, pid, marker(cluster));
        return pid;
    }
}
