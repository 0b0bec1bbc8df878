package io.gpwarden.benchmarks;

import io.gpwarden.testcluster.postgres.PostgresLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One gpwarden agent run as its own process ({@code load JOB --quit-at-eof}), on the GPSS v2 job
 * file a user would write for the workload, into a fresh table; checks the row count after.
 * A {@link Variant} changes only the agent's JVM flags or its job file's Kafka PROPERTIES, so
 * levers can be compared side by side on the same rows.
 */
final class AgentRun {
    private static final Pattern RATE = Pattern.compile("([0-9,]+) records/s from the first record");

    /**
     * The JVM settings every agent run gets, as docs/ingest.md recommends running the agent: a
     * 256 MB heap and the parallel collector (on 2 cores it costs the agent about a fifth less
     * CPU than G1, the JVM's default: see the levers table). A variant's flags come after these,
     * so a variant may override them.
     */
    static final List<String> AGENT_JVM = List.of("-Xmx256m", "-XX:+UseParallelGC");

    /** How this run differs from the default agent. */
    record Variant(String label, List<String> jvmFlags, Map<String, String> kafkaProperties) {
        static final Variant DEFAULT = new Variant("default", List.of(), Map.of());

        static Variant jvm(String label, String... flags) {
            return new Variant(label, List.of(flags), Map.of());
        }

        static Variant kafka(String label, Map<String, String> properties) {
            return new Variant(label, List.of(), properties);
        }
    }

    private final BenchServers servers;
    private final String classPath;
    private final int events;

    AgentRun(BenchServers servers, String classPath, int events) {
        this.servers = servers;
        this.classPath = classPath;
        this.events = events;
    }

    /** Runs the agent; {@code perf} (may be null) is recorded around it. */
    Measured run(String mode, String topic, int maxRow, Variant variant, Path perfData) throws Exception {
        return run(mode, topic, maxRow, variant, perfData, true);
    }

    /**
     * {@code freshTable} false: load into the table the previous run left (a MERGE then finds
     * every key already there and updates it), under a new job name (so from offset 0).
     */
    Measured run(String mode, String topic, int maxRow, Variant variant, Path perfData, boolean freshTable) throws Exception {
        String table = "bench_gpw";
        if (freshTable) {
            servers.freshTable(table, mode.equals("MERGE") ? ", PRIMARY KEY (id)" : "");
        } else {
            servers.sql("CHECKPOINT");
        }
        String name = "bench-" + topic + "-" + mode + "-" + maxRow + "-" + System.nanoTime();
        Path job = servers.work.resolve(name + ".yaml");
        StringBuilder props = new StringBuilder();
        if (!variant.kafkaProperties().isEmpty()) {
            props.append("  PROPERTIES:\n");
            variant.kafkaProperties().forEach((k, v) -> props.append("    ").append(k).append(": ").append(v).append('\n'));
        }
        Files.writeString(job, "DATABASE: postgres\nUSER: " + PostgresLauncher.SUPERUSER + "\nPASSWORD: env:GPW_BENCH_PASSWORD\n"
                + "HOST: " + servers.db.address() + "\nPORT: " + servers.db.port() + "\nVERSION: 2\nKAFKA:\n  INPUT:\n    SOURCE:\n"
                + "      BROKERS: " + servers.kafka.bootstrapServers() + "\n      TOPIC: " + topic + "\n"
                + "    VALUE:\n      COLUMNS:\n        - NAME: j\n          TYPE: json\n      FORMAT: json\n"
                + "    ERROR_LIMIT: 0\n  OUTPUT:\n    TABLE: " + table + "\n    MODE: " + mode + "\n"
                + (mode.equals("MERGE") ? "    MATCH_COLUMNS: [id]\n" : "") + Workload.MAPPING
                + "  METADATA:\n    SCHEMA: gpw_meta\n  COMMIT:\n    MAX_ROW: " + maxRow + "\n    MINIMAL_INTERVAL: 1000\n"
                + props);
        List<String> cmd = new ArrayList<>(ChildJvm.java(null, classPath, "io.gpwarden.cli.agent.AgentMain",
                List.of("load", job.toString(), "--quit-at-eof", "--no-progress", "--name", name)));
        List<String> flags = new ArrayList<>(AGENT_JVM);
        flags.addAll(variant.jvmFlags());
        String extra = System.getenv("BENCH_AGENT_FLAGS");
        if (extra != null && !extra.isBlank()) {
            // Diagnostics only (JIT logs, recordings): added to every agent run of this invocation.
            flags.addAll(List.of(extra.trim().split("\\s+")));
        }
        if (perfData != null) {
            flags.addAll(PerfRecording.AGENT_FLAGS);
        }
        cmd.addAll(1, flags);
        Path log = servers.work.resolve(name + ".log");
        PerfRecording perf = perfData == null ? null : PerfRecording.start(perfData, servers.work.resolve(name + ".perf.log"));
        CpuMeter.Sample before = servers.meter.sample();
        try (ChildJvm child = new ChildJvm(cmd, Map.of("GPW_BENCH_PASSWORD", servers.pg.access().password()), log)) {
            Thread collector = liveHeapEvery == null ? null : startForcedCollections(child.process(), liveHeapEvery);
            int rc = child.waitFor();
            if (collector != null) {
                collector.interrupt();
                collector.join();
            }
            CpuMeter.Sample after = servers.meter.settledSample(before);
            if (perf != null) {
                perf.close();
            }
            String out = Files.readString(log);
            Matcher m = RATE.matcher(out);
            if (rc != 0 || !m.find()) {
                throw new IllegalStateException("gpwarden exited " + rc + ":\n" + out);
            }
            long rows = Long.parseLong(servers.sql1("SELECT count(*) FROM " + table));
            if (rows != events) {
                throw new IllegalStateException("gpwarden loaded " + rows + " rows, expected " + events);
            }
            double rate = Double.parseDouble(m.group(1).replace(",", ""));
            Measured r = new Measured("gpwarden " + mode + " " + variant.label(), rate, child.peakRssMb(),
                    CpuMeter.between(before, after), rows, CpuMeter.loadAverage());
            lastPid = child.process().pid();
            IngestBenchmark.log("gpwarden %s %s MAX_ROW %d [%s]: %,.0f rows/s, peak RSS %d MB, CPU µs/row agent/postgres/broker %s,"
                    + " other load %s cores", mode, topic, maxRow, variant.label(), rate, child.peakRssMb(), r.cpuPerRow(),
                    r.otherCores());
            return r;
        } finally {
            if (perf != null) {
                perf.close();
            }
        }
    }

    private long lastPid;
    private Duration liveHeapEvery;

    /**
     * Makes every later run ask its agent for a full collection ({@code jcmd PID GC.run}) this
     * often. Heap after a young collection says little about what the agent holds: the parallel
     * collector promotes batches that outlive a young collection and frees them only in a full
     * one, so that figure climbs until the old generation fills whether anything leaks or not.
     * The heap after a full collection is the live set.
     */
    void forceFullCollectionsEvery(Duration every) {
        this.liveHeapEvery = every;
    }

    private static Thread startForcedCollections(Process agent, Duration every) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Thread t = new Thread(() -> {
            try {
                while (agent.isAlive()) {
                    Thread.sleep(every.toMillis());
                    Process p = new ProcessBuilder(jcmd, Long.toString(agent.pid()), "GC.run")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    p.waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                IngestBenchmark.log("jcmd GC.run failed: %s", e.getMessage());
            }
        }, "bench-forced-gc");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The process id of the last agent run (to find its samples in a perf recording). */
    long lastPid() {
        return lastPid;
    }
}
