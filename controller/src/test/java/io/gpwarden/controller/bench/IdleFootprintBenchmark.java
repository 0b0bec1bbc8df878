package io.gpwarden.controller.bench;

import io.gpwarden.controller.e2e.E2eConfig;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The controller's cost at idle: {@code java -jar controller/target/gpwarden.jar controller run}
 * as its own process against the stand-in's default cluster (4 hosts, 2 primaries each, group
 * mirroring, a standby: 18 servers, 10 probed every second), with the default JVM options and with
 * a small heap. After a warm-up, CPU time and RSS are read from /proc over a measuring window.
 * Not part of the suite; run with
 * <pre>mvn -B -pl controller -am verify -Dtest=none -Dit.test=IdleFootprintBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 * Figures go to stdout and {@code controller/target/benchmarks/idle-footprint.txt}.
 */
@GreenplumCluster(hosts = 4, primariesPerHost = 2, mirroring = "group", standby = true, isolated = true, fsync = false)
class IdleFootprintBenchmark {
    static final long CLK_TCK = 100;

    @Test
    void measure(TestCluster cluster) throws Exception {
        int warmup = Integer.getInteger("gpwarden.bench.warmup", 30);
        int window = Integer.getInteger("gpwarden.bench.window", 60);
        Path work = Files.createTempDirectory("gpwarden-idle-");
        E2eConfig.write(work, E2eConfig.clusterSection(cluster, "idle", E2eConfig.secretFile(work, "pw", cluster.password()))
                + "http: {port: 0}\nstate_directory: " + work.resolve("state") + "\n");
        Path config = work.resolve("controller.yaml");
        StringBuilder report = new StringBuilder("cluster: " + cluster.spec().describe() + "; warm-up " + warmup
                + " s, window " + window + " s\n");
        report.append(run("default JVM options", List.of(), config, work.resolve("default.log"), warmup, window));
        report.append(run("-Xmx64m -XX:+UseSerialGC", List.of("-Xmx64m", "-XX:+UseSerialGC"), config,
                work.resolve("small.log"), warmup, window));
        System.out.println(report);
        Path out = Path.of("target/benchmarks/idle-footprint.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static String run(String label, List<String> jvm, Path config, Path log, int warmup, int window)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", "target/gpwarden.jar", "controller", "run", "--config", config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Thread.sleep(warmup * 1000L);
            if (!p.isAlive()) {
                throw new AssertionError("controller exited: " + Files.readString(log));
            }
            long cpu0 = cpuTicks(p.pid());
            long t0 = System.nanoTime();
            long maxRss = 0;
            for (int s = 0; s < window; s++) {
                Thread.sleep(1000);
                maxRss = Math.max(maxRss, rssKb(p.pid()));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuTicks(p.pid()) - cpu0) / (double) CLK_TCK;
            long lines = Files.readAllLines(log).stream().filter(l -> l.contains("tick started")).count();
            return String.format(Locale.ROOT, "%-28s CPU %.2f %% of one core (%.2f s in %.0f s), RSS %d MB (max in window),"
                    + " late-tick warnings %d%n", label, 100 * cpu / seconds, cpu, seconds, maxRss / 1024, lines);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
