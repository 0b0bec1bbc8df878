package io.gpwarden.controller.bench;

import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.run.ControllerDaemon;
import io.gpwarden.controller.run.IncidentReporter;
import io.gpwarden.controller.decide.Condition;
import io.gpwarden.controller.e2e.E2eConfig;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * How long from a fault to the controller's "segment down" decision, with the default probe
 * settings (1 s interval, 800 ms timeout, 3 confirmations): kill -9 of a primary's postmaster,
 * and SIGSTOP of it (a frozen server: probes time out). Not part of the suite; run with
 * <pre>mvn -B -pl controller -am verify -Dtest=none -Dit.test=DetectionLatencyBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dgpwarden.bench.rounds=20</pre>
 * Figures go to stdout and to {@code controller/target/benchmarks/detection-latency.txt}.
 * Unmirrored primaries, so Greenplum's FTS has nothing to promote and each fault is undone by
 * starting (or continuing) the same server.
 */
@GreenplumCluster(hosts = 2, primariesPerHost = 2, mirroring = "none", standby = false, isolated = true, fsync = false)
class DetectionLatencyBenchmark {

    /** Remembers when each key was raised, on the monotonic clock. */
    static final class RaiseTimes implements IncidentReporter {
        final Map<String, Long> raised = new ConcurrentHashMap<>();
        final Map<String, Long> cleared = new ConcurrentHashMap<>();

        @Override
        public void raise(Condition c) {
            raised.put(c.key(), System.nanoTime());
        }

        @Override
        public void notice(Condition c) {
        }

        @Override
        public void clear(Condition c, String resolution) {
            cleared.put(c.key(), System.nanoTime());
        }

        @Override
        public void clearKey(String key, String resolution) {
        }

        @Override
        public void tick() {
        }

        @Override
        public List<IncidentView> open() {
            return List.of();
        }

        @Override
        public int undelivered() {
            return 0;
        }

        long await(Map<String, Long> which, String key, long after) throws InterruptedException {
            long deadline = after + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                Long t = which.get(key);
                if (t != null && t > after) {
                    return t;
                }
                Thread.sleep(5);
            }
            throw new AssertionError(key + " not seen within 60 s");
        }
    }

    @Test
    void measure(TestCluster cluster) throws Exception {
        int rounds = Integer.getInteger("gpwarden.bench.rounds", 10);
        Path work = Files.createTempDirectory("gpwarden-bench-");
        ControllerConfig config = E2eConfig.write(work, E2eConfig.clusterSection(cluster, "bench",
                E2eConfig.secretFile(work, "pw", cluster.password()))
                + "http: {enabled: false}\nstate_directory: " + work.resolve("state") + "\n");
        RaiseTimes times = new RaiseTimes();
        List<SegmentRow> primaries = cluster.catalog().stream().filter(r -> r.content() >= 0 && r.isPrimary()).toList();
        List<Double> killed = new ArrayList<>();
        List<Double> frozen = new ArrayList<>();
        try (ControllerDaemon daemon = ControllerDaemon.start(config, times, Clock.systemUTC())) {
            Thread.sleep(3000);
            for (int i = 0; i < rounds; i++) {
                SegmentRow p = primaries.get(i % primaries.size());
                String key = "segment-down/dbid=" + p.dbid();
                // a random phase against the probe schedule, as a real failure has
                Thread.sleep(1000 + (long) (Math.random() * 1000));
                long t0 = System.nanoTime();
                cluster.kill(p.dbid());
                killed.add((times.await(times.raised, key, t0) - t0) / 1e6);
                long restarting = System.nanoTime();
                TestCluster.CommandResult r = cluster.ssh(p.hostname(), "rm -f " + p.datadir() + "/postmaster.pid; pg_ctl -D "
                        + p.datadir() + " -l " + p.datadir() + ".bench.log -w -t 60 start");
                if (r.exitCode() != 0) {
                    throw new AssertionError(r.stdout() + r.stderr());
                }
                times.await(times.cleared, key, restarting);

                Thread.sleep(1000 + (long) (Math.random() * 1000));
                long pid = Long.parseLong(Files.readAllLines(Path.of(p.datadir(), "postmaster.pid")).get(0).trim());
                long t1 = System.nanoTime();
                signal("STOP", pid);
                try {
                    frozen.add((times.await(times.raised, key, t1) - t1) / 1e6);
                } finally {
                    signal("CONT", pid);
                }
                times.await(times.cleared, key, System.nanoTime() - 1);
            }
        }
        String report = "rounds: " + rounds + "\n"
                + summary("kill -9 -> segment-down decision", killed)
                + summary("SIGSTOP -> segment-down decision", frozen);
        System.out.println(report);
        Path out = Path.of("target/benchmarks/detection-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    static void signal(String sig, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
    }

    static String summary(String what, List<Double> ms) {
        List<Double> s = ms.stream().sorted().toList();
        return String.format(java.util.Locale.ROOT, "%-36s n=%d min=%.0f p50=%.0f p90=%.0f max=%.0f ms%n", what, s.size(),
                s.get(0), s.get(s.size() / 2), s.get((int) Math.min(s.size() - 1, Math.ceil(s.size() * 0.9) - 1)),
                s.get(s.size() - 1));
    }
}
