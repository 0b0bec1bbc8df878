package io.gpwarden.cli.layout;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.bench.LayoutBenchmark;
import io.gpwarden.layout.io.JsonReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code gpwarden layout bench}: the layout engine's speed on synthetic clusters, as a markdown table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times plan + check + every single-host what-if, every two-host what-if, and move planning from"
                + " group to spread, on synthetic clusters of H hosts x P primaries. Prints the machine, the date and a"
                + " markdown table (first run and median of --runs) for docs/benchmarks.md (section Mirror layouts)."})
final class BenchCommand extends LayoutSubcommand {
    @Option(names = "--hosts", split = ",", paramLabel = "H", description = "Host counts (default 100,1000,4000).")
    List<Integer> hosts = new ArrayList<>(List.of(100, 1000, 4000));

    @Option(names = "--primaries", paramLabel = "P", defaultValue = "8", description = "Primaries per host (default ${DEFAULT-VALUE}).")
    int primaries;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Runs per case (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    int execute() {
        if (runs < 1 || primaries < 1 || hosts.stream().anyMatch(h -> h <= primaries)) {
            throw new LayoutException("--runs and --primaries must be at least 1, and every --hosts value above --primaries"
                    + " (the benchmark plans spread)");
        }
        List<LayoutBenchmark.Result> results = new LayoutBenchmark(System::nanoTime).run(hosts, primaries, runs);
        String machine = Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, Java " + System.getProperty("java.version");
        String date = ZonedDateTime.now(parent.clock()).toString();
        if (options.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("machine", machine);
            doc.put("date", date);
            doc.put("results", results);
            emit(JsonReports.render(doc));
            return ExitCodes.OK;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Machine: ").append(machine).append('\n');
        sb.append("Date: ").append(date).append('\n');
        sb.append("Command: gpwarden layout bench --hosts ").append(String.join(",", hosts.stream().map(String::valueOf).toList()))
                .append(" --primaries ").append(primaries).append(" --runs ").append(runs).append("\n\n");
        sb.append("| hosts | contents | operation | first run (ms) | median (ms) | result |\n");
        sb.append("|------:|---------:|-----------|---------------:|------------:|--------|\n");
        for (LayoutBenchmark.Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %.0f | %.0f | %s |%n", r.hosts(), r.primariesPerHost() * r.hosts(),
                    r.operation(), r.firstMillis(), r.medianMillis(), r.outcome()));
        }
        emit(sb.toString());
        return ExitCodes.OK;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown CPU";
        }
        return "unknown CPU";
    }
}
