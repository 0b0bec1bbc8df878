package io.gpwarden.controller.bench;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.JdbcClusterCatalog;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.e2e.E2eConfig;
import io.gpwarden.controller.jdbc.PgConnector;
import io.gpwarden.controller.observe.HostCheck;
import io.gpwarden.controller.ssh.FileSystemSizes;
import io.gpwarden.controller.ssh.SshDiskCapacity;
import io.gpwarden.controller.ssh.SshTargets;
import io.gpwarden.controller.ssh.SshjHostShell;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How long the SSH part of a disk read takes on the stand-in's default cluster (`test-cluster up`:
 * cdw, scdw and 4 segment hosts x 2 primaries, group mirroring: 6 hosts, each with its own sshd),
 * with the default SSH settings, through the cluster's ssh_config. Four cases:
 * <ol>
 *   <li>the first read of a fresh JVM (sshj's classes and crypto are cold);</li>
 *   <li>every host contacted over a new connection (the production case: connections close after
 *       2 min idle, disk reads are 5 min apart);</li>
 *   <li>every host contacted over its open connection (reads closer together than idle_close);</li>
 *   <li>a read with every size cached (the 11 reads out of 12 that contact nobody).</li>
 * </ol>
 * Not part of the suite; run with
 * <pre>mvn -B -pl controller -am verify -Dtest=none -Dit.test=SshDiskReadBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dgpwarden.bench.rounds=20</pre>
 * Figures go to stdout and to {@code controller/target/benchmarks/ssh-disk-read.txt}.
 */
@GreenplumCluster(hosts = 4, primariesPerHost = 2, mirroring = "group", standby = true, isolated = true, fsync = false)
class SshDiskReadBenchmark {

    @Test
    void measure(TestCluster cluster) throws Exception {
        int rounds = Integer.getInteger("gpwarden.bench.rounds", 20);
        Path work = Files.createTempDirectory("gpwarden-bench-ssh-");
        ControllerConfig config = E2eConfig.write(work, E2eConfig.clusterSection(cluster, "bench",
                E2eConfig.secretFile(work, "pw", cluster.password()))
                + "http: {enabled: false}\nstate_directory: " + work.resolve("state") + "\n"
                + "ssh:\n  config_file: " + cluster.sshConfig() + "\n");
        CatalogSnapshot catalog = new JdbcClusterCatalog(new PgConnector(config.cluster()), config.cluster()::coordinator,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Optional.empty(), Clock.systemUTC()).read();
        SshTargets targets = SshTargets.load(config.ssh().orElseThrow());
        int directories = (int) catalog.segments().stream().filter(s -> s.datadir() != null).count();

        List<Double> cold = new ArrayList<>();
        List<Double> fresh = new ArrayList<>();
        List<Double> reused = new ArrayList<>();
        List<Double> cached = new ArrayList<>();
        try (SshjHostShell shared = new SshjHostShell(targets)) {
            cold.add(readAll(shared, catalog));
            for (int i = 0; i < rounds; i++) {
                try (SshjHostShell shell = new SshjHostShell(targets)) {
                    fresh.add(readAll(shell, catalog));
                }
                reused.add(readAll(shared, catalog));
            }
            try (SshDiskCapacity c = capacity(shared)) {
                finish(c, catalog);
                for (int i = 0; i < rounds; i++) {
                    long t = System.nanoTime();
                    finish(c, catalog);
                    cached.add((System.nanoTime() - t) / 1e6);
                }
            }
        }
        String report = "hosts: 6 (" + directories + " data directories), rounds: " + rounds + "\n"
                + DetectionLatencyBenchmark.summary("first read of the JVM (cold sshj)", cold)
                + DetectionLatencyBenchmark.summary("all hosts, new connections", fresh)
                + DetectionLatencyBenchmark.summary("all hosts, open connections", reused)
                + DetectionLatencyBenchmark.summary("all sizes cached (nobody contacted)", cached);
        System.out.println(report);
        Path out = Path.of("target/benchmarks/ssh-disk-read.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    static SshDiskCapacity capacity(SshjHostShell shell) {
        return new SshDiskCapacity("bench", shell, Duration.ofSeconds(30), 12, 16, Clock.systemUTC());
    }

    /** One disk read's SSH part with every host due (a new cache), in milliseconds. */
    static double readAll(SshjHostShell shell, CatalogSnapshot catalog) {
        try (SshDiskCapacity c = capacity(shell)) {
            long t = System.nanoTime();
            FileSystemSizes s = finish(c, catalog);
            double ms = (System.nanoTime() - t) / 1e6;
            if (s.checks().hosts().size() != 6
                    || !s.checks().hosts().values().stream().allMatch(h -> h.state() == HostCheck.State.OK)) {
                throw new AssertionError("not every host answered: " + s.checks().hosts().values());
            }
            return ms;
        }
    }

    static FileSystemSizes finish(SshDiskCapacity c, CatalogSnapshot catalog) {
        return c.finish(c.start(Optional.of(catalog)), System.nanoTime() + Duration.ofSeconds(60).toNanos());
    }
}
