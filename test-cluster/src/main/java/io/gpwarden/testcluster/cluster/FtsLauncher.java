package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.process.ClassPath;
import io.gpwarden.testcluster.process.DetachedProcess;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.process.ProcessTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the FTS emulation ({@link io.gpwarden.testcluster.fts.FtsDaemon}), a small child JVM,
 * under a supervisor that restarts it when it dies, as Greenplum's postmaster restarts its
 * ftsprobe process. Both outlive the command that started them.
 *
 * <p>The supervisor is a {@code /bin/sh} loop (about 1 MB) recorded in the ledger as {@code fts}.
 * It runs the daemon, waits for it, and starts it again one second after it exited (a daemon
 * that cannot start does not spin), for as long as the cluster's cluster.json exists. SIGTERM
 * (down) stops the daemon, then the supervisor. Should the supervisor itself be killed, the
 * daemon notices at its next loop that its parent is gone and exits, so nothing outlives the
 * ledger's record. Both command lines carry {@link #marker}; the daemon is the supervisor's
 * child with that marker.
 */
public final class FtsLauncher {
    public static final String LEDGER_NAME = "fts";

    /** $1 is cluster.json, the rest the daemon's command; the daemon's output goes where ours does. */
    static final String SUPERVISOR = """
            state=$1; shift
            child=
            trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child"; fi; exit 0' TERM INT HUP
            while [ -f "$state" ]; do
              "$@" &
              child=$!
              wait "$child"
              status=$?
              [ -f "$state" ] || break
              echo "$(date '+%Y-%m-%d %H:%M:%S.%3N') FTS supervisor: the FTS daemon (pid $child) exited with status $status; starting it again in 1 s"
              child=
              sleep 1 &
              wait $!
            done
            """;

    private FtsLauncher() {
    }

    /** The argument that identifies the supervisor and the daemon of the cluster in {@code dir} in their command lines. */
    public static String marker(ClusterAccess cluster) {
        return "-Dgpwarden.fts=" + cluster.files().root();
    }

    /** Starts the supervisor, which starts the daemon; returns the supervisor's PID. */
    public static long start(ClusterAccess cluster, ClassPath cp, ProcessLedger ledger) throws IOException {
        List<String> flags = new ArrayList<>(List.of(marker(cluster), "-Xmx48m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=16m"));
        List<String> daemon = LibraryCopy.javaCommand(cp, "io.gpwarden.testcluster.fts.FtsDaemon", flags);
        daemon.add(cluster.files().root().toString());
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", SUPERVISOR, "gpwarden-fts-supervisor",
                cluster.files().stateFile().toString()));
        cmd.addAll(daemon);
        long pid = DetachedProcess.start(cmd, Map.of(), cluster.files().logsDir().resolve("fts.log"));
        ledger.recordProcess(LEDGER_NAME, pid, marker(cluster));
        return pid;
    }

    /** The supervisor's PID, while it runs. */
    public static Optional<Long> supervisorPid(ClusterAccess cluster) throws IOException {
        return cluster.ledger().entries().stream().filter(e -> e.name().equals(LEDGER_NAME)).findFirst()
                .flatMap(ProcessLedger.Entry::livePid);
    }

    /** The FTS daemon's PID, while it runs (not between a death and its restart). */
    public static Optional<Long> daemonPid(ClusterAccess cluster) throws IOException {
        String marker = marker(cluster);
        return supervisorPid(cluster).flatMap(ProcessHandle::of).flatMap(s -> s.children()
                .map(ProcessHandle::pid).filter(p -> ProcessTable.matches(p, marker)).findFirst());
    }
}
