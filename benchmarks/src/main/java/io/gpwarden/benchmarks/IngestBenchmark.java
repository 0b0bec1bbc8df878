package io.gpwarden.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest benchmark, everything on this machine: a PostgreSQL server with fsync on, a Kafka
 * broker, and on the same events (a) psql \copy of them as CSV, (b) a plain consumer that reads
 * and discards, (c) the Debezium JDBC sink on a standalone Kafka Connect worker, (d) gpwarden
 * in INSERT and MERGE mode, then gpwarden over 1, 2 and 4 partitions and two batch sizes. Every
 * run also reports the CPU each part of the machine spent per row (client, PostgreSQL, broker)
 * and how busy the machine was with other work meanwhile.
 *
 * <p>Modes: {@code all} (the comparison), {@code memory} (a 10-million-message backlog with the
 * agent at -Xmx256m), {@code profile} (INSERT and MERGE under a system-wide perf recording),
 * {@code levers} (the agent's tuning levers side by side, each twice, interleaved).
 *
 * <p>Usage (bench/ingest.sh builds the class paths): {@code IngestBenchmark [all|memory|profile|levers]
 * [--events N] [--connect-lib DIR] [--report FILE] [--only LEVER;LEVER] [--rounds N]}.
 */
public final class IngestBenchmark {
    private final int events;
    private final Path connectLib;
    private String only;
    private int rounds = 2;
    private final String classPath = System.getProperty("java.class.path");
    private final List<String> report = new ArrayList<>();
    private BenchServers servers;
    private BaselineRuns baselines;
    private AgentRun agent;

    private IngestBenchmark(int events, Path connectLib) {
        this.events = events;
        this.connectLib = connectLib;
    }

    public static void main(String[] args) throws Exception {
        String mode = "all";
        int events = 1_000_000;
        Path connectLib = null;
        Path reportFile = null;
        String only = null;
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i].replace("_", ""));
                case "--connect-lib" -> connectLib = Path.of(args[++i]);
                case "--report" -> reportFile = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> mode = args[i];
            }
        }
        IngestBenchmark b = new IngestBenchmark(events, connectLib);
        b.only = only;
        b.rounds = rounds;
        try (BenchServers s = BenchServers.start()) {
            b.servers = s;
            b.baselines = new BaselineRuns(s, events);
            b.agent = new AgentRun(s, b.classPath, events);
            b.header();
            switch (mode) {
                case "memory" -> b.memory();
                case "profile" -> b.profile();
                case "levers" -> b.levers();
                default -> b.all();
            }
        }
        String text = String.join("\n", b.report) + "\n";
        System.out.println("\n" + text);
        if (reportFile != null) {
            Files.writeString(reportFile, text);
        }
    }

    static void log(String f, Object... a) {
        System.err.println("[bench] " + String.format(f, a));
    }

    private void header() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        report.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB max heap for the harness; date " + LocalDate.now()
                + "; load average at start " + Files.readString(Path.of("/proc/loadavg")).trim() + "; "
                + servers.serverSettings() + " (the same server and settings for every contender); Kafka broker 4.3.1 "
                + "(KRaft, one node, -Xmx1g); Java " + System.getProperty("java.version") + "; " + events
                + " events of about " + Workload.json(Workload.event(1)).length + " bytes.");
        report.add("");
        report.add("CPU columns: microseconds of CPU per row spent by the client (agent JVM, psql, or the consumer), the "
                + "PostgreSQL server and the Kafka broker; 'other' is the average number of cores busy with work outside "
                + "the benchmark (other builds on the machine) during the run.");
        report.add("");
    }

    private void tableHeader() {
        report.add("| what | rows/s | CPU µs/row client / postgres / broker | RSS (MB) | other (cores) | load avg | notes |");
        report.add("|---|---:|---|---:|---:|---:|---|");
    }

    private void row(Measured m, String notes) {
        report.add(String.format("| %s | %,.0f | %s | %s | %s | %.2f | %s |", m.what(), m.rowsPerSecond(), m.cpuPerRow(),
                m.rssMb() == 0 ? "" : Long.toString(m.rssMb()), m.otherCores(), m.loadAverage(), notes));
    }

    private void produceTopics(int... partitions) throws Exception {
        for (int p : partitions) {
            servers.topic("ev_p" + p, p);
            long t = System.nanoTime();
            servers.produce("ev_p" + p, p, false, events);
            log("produced %,d events to ev_p%d in %.1f s", events, p, (System.nanoTime() - t) / 1e9);
        }
    }

    private static Measured best(Measured a, Measured b) {
        return a.rowsPerSecond() >= b.rowsPerSecond() ? a : b;
    }

    /**
     * Every contender on the same rows. The machine's speed drifts (other virtual machines on the
     * host: the same COPY costs up to half again as much CPU from one minute to the next), so
     * gpwarden is measured in three rounds, each right after a psql \copy, and each target is
     * judged against the psql run of its own round.
     */
    private void all() throws Exception {
        produceTopics(4, 2, 1);
        tableHeader();
        Measured consumer = best(baselines.plainConsumer("ev_p4"), baselines.plainConsumer("ev_p4"));
        row(consumer, "the source's limit (in the harness JVM), best of 2");
        double bestConnect = 0;
        if (connectLib != null) {
            servers.topic("ev_dbz", 4);
            servers.produce("ev_dbz", 4, true, events);
            for (int[] c : new int[][] {{1, 500}, {2, 500}, {2, 5000}}) {
                Measured r = baselines.debezium(connectLib, c[0], c[1]);
                bestConnect = Math.max(bestConnect, r.rowsPerSecond());
                row(r, "Connect standalone, schema'd JSON (" + Workload.connectJson(Workload.event(1)).length + " B/record)");
            }
        }
        String jvm = String.join(" ", AgentRun.AGENT_JVM);
        List<String> verdicts = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            Measured copy = baselines.psqlCopy();
            row(copy.named("(a) psql \\copy, CSV file, round " + round), "the sink's limit");
            Measured insert = agent.run("INSERT", "ev_p4", 100_000, AgentRun.Variant.DEFAULT, null);
            row(insert.named("(d) gpwarden INSERT, round " + round), "4 partitions, MAX_ROW 100000, " + jvm + ", direct COPY");
            Measured merge = agent.run("MERGE", "ev_p4", 100_000, AgentRun.Variant.DEFAULT, null);
            row(merge.named("(d) gpwarden MERGE, new keys, round " + round), "4 partitions, MAX_ROW 100000, " + jvm
                    + ", staged, key id (primary key), every key new");
            double limit = Math.min(copy.rowsPerSecond(), consumer.rowsPerSecond());
            verdicts.add(String.format("| %d | %,.0f | %.2f x: %s | %.2f x: %s | %.1f x: %s |", round, limit,
                    insert.rowsPerSecond() / limit, insert.rowsPerSecond() >= 0.8 * limit ? "met" : "MISSED",
                    merge.rowsPerSecond() / limit, merge.rowsPerSecond() >= 0.4 * limit ? "met" : "MISSED",
                    bestConnect == 0 ? 0 : insert.rowsPerSecond() / bestConnect,
                    bestConnect == 0 ? "not measured" : insert.rowsPerSecond() >= 5 * bestConnect ? "met" : "MISSED"));
        }
        Measured update = agent.run("MERGE", "ev_p4", 100_000, AgentRun.Variant.DEFAULT, null, false);
        row(update.named("gpwarden MERGE, keys present"), "the same events again into the loaded table: every row updated");
        report.add("");
        report.add("Targets, each round against its own psql run:");
        report.add("");
        report.add("| round | min(a, b) rows/s | INSERT >= 0.8 x | MERGE >= 0.4 x | INSERT >= 5 x best (c) |");
        report.add("|---:|---:|---|---|---|");
        report.addAll(verdicts);
        report.add("");
        report.add("Scale: gpwarden INSERT, rows/s (agent RSS MB)");
        report.add("");
        report.add("| partitions | MAX_ROW 10000 | MAX_ROW 100000 |");
        report.add("|---:|---:|---:|");
        for (int p : new int[] {1, 2, 4}) {
            Measured small = agent.run("INSERT", "ev_p" + p, 10_000, AgentRun.Variant.DEFAULT, null);
            Measured big = agent.run("INSERT", "ev_p" + p, 100_000, AgentRun.Variant.DEFAULT, null);
            report.add(String.format("| %d | %,.0f (%d) | %,.0f (%d) |", p, small.rowsPerSecond(), small.rssMb(),
                    big.rowsPerSecond(), big.rssMb()));
        }
    }

    /** The levers, each run twice on the same rows, interleaved so slow phases of the machine hit all alike. */
    private void levers() throws Exception {
        produceTopics(4);
        List<AgentRun.Variant> all = List.of(
                AgentRun.Variant.DEFAULT,
                AgentRun.Variant.jvm("COPY text format", "-Dgpwarden.copy.format=text"),
                AgentRun.Variant.jvm("G1 (JVM default)", "-XX:-UseParallelGC", "-XX:+UseG1GC"),
                AgentRun.Variant.jvm("SerialGC young 64m", "-XX:-UseParallelGC", "-XX:+UseSerialGC", "-Xmn64m"),
                AgentRun.Variant.jvm("ParallelGC young 64m", "-Xmn64m"),
                AgentRun.Variant.jvm("C1 only (TieredStopAtLevel=1)", "-XX:TieredStopAtLevel=1"),
                AgentRun.Variant.jvm("text format and G1 (the previous agent)", "-Dgpwarden.copy.format=text", "-XX:-UseParallelGC",
                        "-XX:+UseG1GC"),
                AgentRun.Variant.kafka("fetch.min.bytes 1 MB + fetch.max.wait.ms 100",
                        Map.of("fetch.min.bytes", "1048576", "fetch.max.wait.ms", "100")),
                AgentRun.Variant.kafka("max.partition.fetch.bytes 8 MB", Map.of("max.partition.fetch.bytes", "8388608")),
                AgentRun.Variant.kafka("fetch.min.bytes 256 KB + fetch.max.wait.ms 50",
                        Map.of("fetch.min.bytes", "262144", "fetch.max.wait.ms", "50")),
                new AgentRun.Variant("SerialGC young 64m + fetch.min.bytes 1 MB", List.of("-XX:-UseParallelGC", "-XX:+UseSerialGC", "-Xmn64m"),
                        Map.of("fetch.min.bytes", "1048576", "fetch.max.wait.ms", "100")),
                AgentRun.Variant.kafka("max.poll.records 2000", Map.of("max.poll.records", "2000")),
                AgentRun.Variant.kafka("max.poll.records 50000", Map.of("max.poll.records", "50000")));
        List<AgentRun.Variant> variants = all;
        if (only != null) {
            // --only "label;label": a subset, in the order given (labels as in the table).
            variants = new ArrayList<>();
            for (String label : only.split(";")) {
                variants.add(all.stream().filter(v -> v.label().equals(label.trim())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no lever labelled '" + label + "'")));
            }
        }
        List<List<Measured>> runs = new ArrayList<>();
        variants.forEach(v -> runs.add(new ArrayList<>()));
        List<Measured> copies = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            copies.add(baselines.psqlCopy());
            for (int i = 0; i < variants.size(); i++) {
                runs.get(i).add(agent.run("INSERT", "ev_p4", 100_000, variants.get(i), null));
            }
        }
        report.add("");
        if (only == null) {
            mergeLevers();
        }
        report.add("Levers, gpwarden INSERT, 4 partitions, MAX_ROW 100000; the default agent runs with " + String.join(" ", AgentRun.AGENT_JVM)
                + ", COPY binary format, max.poll.records 10000; each lever changes one thing; " + rounds + " rounds, interleaved.");
        report.add("");
        StringBuilder head = new StringBuilder("| lever |");
        StringBuilder line = new StringBuilder("|---|");
        for (int r = 1; r <= rounds; r++) {
            head.append(" rows/s round ").append(r).append(" |");
            line.append("---:|");
        }
        report.add(head + " CPU µs/row agent / postgres / broker, by round | RSS (MB) | other (cores), by round |");
        report.add(line + "---|---:|---|");
        report.add(leverRow("(a) psql \\copy", copies));
        for (int i = 0; i < variants.size(); i++) {
            report.add(leverRow(variants.get(i).label(), runs.get(i)));
        }
    }

    private static String leverRow(String label, List<Measured> runs) {
        StringBuilder b = new StringBuilder("| " + label + " |");
        List<String> cpu = new ArrayList<>();
        List<String> other = new ArrayList<>();
        long rss = 0;
        for (Measured m : runs) {
            b.append(String.format(" %,.0f |", m.rowsPerSecond()));
            cpu.add(m.cpuPerRow());
            other.add(m.otherCores());
            rss = Math.max(rss, m.rssMb());
        }
        return b + " " + String.join("; ", cpu) + " | " + (rss == 0 ? "" : Long.toString(rss)) + " | " + String.join("; ", other) + " |";
    }

    /** MERGE (every key new) with its two database-side levers off, each run twice, interleaved. */
    private void mergeLevers() throws Exception {
        List<AgentRun.Variant> variants = List.of(AgentRun.Variant.DEFAULT,
                AgentRun.Variant.jvm("insert-first off", "-Dgpwarden.merge.insert-first=false"),
                AgentRun.Variant.jvm("COPY text format", "-Dgpwarden.copy.format=text"),
                AgentRun.Variant.jvm("both off", "-Dgpwarden.merge.insert-first=false", "-Dgpwarden.copy.format=text"));
        List<List<Measured>> runs = new ArrayList<>();
        variants.forEach(v -> runs.add(new ArrayList<>()));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < variants.size(); i++) {
                runs.get(i).add(agent.run("MERGE", "ev_p4", 100_000, variants.get(i), null));
            }
        }
        report.add("MERGE levers, key id (primary key), every key new; each run twice, interleaved.");
        report.add("");
        report.add("| lever | rows/s round 1 | rows/s round 2 | CPU µs/row agent / postgres / broker (round 1; round 2) | other (cores) |");
        report.add("|---|---:|---:|---|---|");
        for (int i = 0; i < variants.size(); i++) {
            Measured a = runs.get(i).get(0);
            Measured b = runs.get(i).get(1);
            report.add(String.format("| %s | %,.0f | %,.0f | %s; %s | %s; %s |", variants.get(i).label(), a.rowsPerSecond(),
                    b.rowsPerSecond(), a.cpuPerRow(), b.cpuPerRow(), a.otherCores(), b.otherCores()));
        }
        report.add("");
    }

    /** INSERT and MERGE under a system-wide perf recording: where the machine's CPU goes, per process and function. */
    private void profile() throws Exception {
        produceTopics(4);
        tableHeader();
        row(baselines.psqlCopy(), "");
        for (String mode : List.of("INSERT", "MERGE")) {
            Path data = Path.of("/tmp/gpwarden-bench-" + mode.toLowerCase() + ".perf.data");
            boolean perf = PerfRecording.available();
            Measured m = agent.run(mode, "ev_p4", 100_000, AgentRun.Variant.DEFAULT, perf ? data : null);
            row(m, perf ? "perf recording " + data : "perf not installed: no profile");
            if (perf) {
                profileSections(mode, data, agent.lastPid());
            }
        }
    }

    private void profileSections(String mode, Path data, long agentPid) throws Exception {
        PerfRecording r = PerfRecording.open(data);
        report.add("");
        report.add("```");
        report.add(mode + ": share of all CPU samples (2 cores) by thread name");
        report.add(r.byCommand(25));
        report.add("");
        report.add(mode + ": hottest functions in the agent JVM (pid " + agentPid + ")");
        report.add(r.hottest(agentPid, 40));
        report.add("");
        report.add(mode + ": hottest functions in PostgreSQL");
        report.add(r.hottest("postgres", 30));
        report.add("```");
        report.add("");
    }

    private void memory() throws Exception {
        servers.topic("ev_mem", 4);
        long t = System.nanoTime();
        servers.produce("ev_mem", 4, false, events);
        log("produced %,d events in %.1f s", events, (System.nanoTime() - t) / 1e9);
        report.add("| what | rows/s | peak RSS (MB) | max heap after a young GC (MB) | live heap, first / max / last forced full GC (MB) |");
        report.add("|---|---:|---:|---:|---|");
        Path gcLog = servers.work.resolve("gc.log");
        agent.forceFullCollectionsEvery(Duration.ofSeconds(1));
        Measured r = agent.run("INSERT", "ev_mem", 100_000, AgentRun.Variant.jvm("gc log", "-Xlog:gc:file=" + gcLog), null);
        agent.forceFullCollectionsEvery(null);
        List<Long> young = new ArrayList<>();
        List<Long> live = new ArrayList<>();
        Matcher m = Pattern.compile("Pause (Young|Full) \\((.*?)\\) \\d+M->(\\d+)M\\(").matcher(Files.readString(gcLog));
        while (m.find()) {
            long after = Long.parseLong(m.group(3));
            if (m.group(1).equals("Young")) {
                young.add(after);
            } else if (m.group(2).equals("Diagnostic Command") || m.group(2).equals("System.gc()")) {
                live.add(after);
            }
        }
        long maxYoung = young.stream().mapToLong(Long::longValue).max().orElse(0);
        String liveCell = live.isEmpty() ? "none recorded" : String.format("%d / %d / %d (%d collections)", live.get(0),
                live.stream().mapToLong(Long::longValue).max().orElse(0), live.get(live.size() - 1), live.size());
        report.add(String.format("| gpwarden INSERT, %,d messages waiting, -Xmx256m | %,.0f | %d | %d | %s |", events,
                r.rowsPerSecond(), r.rssMb(), maxYoung, liveCell));
        report.add("");
        report.add("CPU µs/row agent / postgres / broker: " + r.cpuPerRow() + "; other load " + r.otherCores() + " cores."
                + " The run asks the agent for a full collection every second (jcmd GC.run), which costs it some throughput.");
        report.add("");
        report.add("Live heap (after each forced full collection), by fifth of the run:");
        report.add("");
        report.add("| fifth | median (MB) | max (MB) |");
        report.add("|---:|---:|---:|");
        for (int f = 0; f < 5 && live.size() >= 5; f++) {
            List<Long> part = new ArrayList<>(live.subList(f * live.size() / 5, (f + 1) * live.size() / 5));
            part.sort(null);
            report.add(String.format("| %d | %d | %d |", f + 1, part.get(part.size() / 2), part.get(part.size() - 1)));
        }
    }
}
