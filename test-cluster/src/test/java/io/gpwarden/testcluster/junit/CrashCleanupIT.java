package io.gpwarden.testcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.cluster.ClusterLauncher;
import io.gpwarden.testcluster.cluster.RunningCluster;
import io.gpwarden.testcluster.cluster.UpOptions;
import io.gpwarden.testcluster.layout.ClusterSpec;
import io.gpwarden.testcluster.process.DetachedProcess;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.process.ProcessTable;
import io.gpwarden.testcluster.state.ClusterFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** up after a crashed run: stops only what the ledger recorded and still matches, then comes up. */
class CrashCleanupIT {

    @Test
    void upStopsTheRecordedLeftoversOfACrashedRunAndNothingElse(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ClusterFiles files = new ClusterFiles(dir);
        ProcessLedger ledger = new ProcessLedger(files.ledgerDir());
        String marker = dir.resolve("leftover-marker").toString();
        long leftover = DetachedProcess.start(List.of("sleep", "300", marker), Map.of(), tmp.resolve("sleep.log"));
        ledger.recordProcess("leftover", leftover, marker);
        // a recorded PID whose command line no longer matches (PID reuse) must survive
        long bystander = DetachedProcess.start(List.of("sleep", "301"), Map.of(), tmp.resolve("bystander.log"));
        ledger.recordProcess("reused", bystander, dir.resolve("not-this-one").toString());
        try {
            RunningCluster cluster = new ClusterLauncher(UpOptions.forTests(ClusterSpec.coordinatorOnly(), dir)).up();
            try {
                assertThat(ProcessTable.awaitExit(leftover, Duration.ofSeconds(10))).isTrue();
                assertThat(ProcessTable.isRunning(bystander)).isTrue();
                assertThat(cluster.instances()).hasSize(1);
                assertThat(files.upCompleteMarker()).exists();
            } finally {
                cluster.down();
            }
            assertThat(ledger.live()).isEmpty();
            assertThat(ProcessTable.isRunning(bystander)).isTrue();
        } finally {
            ProcessHandle.of(bystander).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(leftover).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
