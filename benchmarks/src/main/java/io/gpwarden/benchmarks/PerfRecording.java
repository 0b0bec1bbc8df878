package io.gpwarden.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A system-wide CPU profile ({@code perf record -a -g} on the cpu-clock event) around one
 * contender, so the agent, the PostgreSQL backend and the broker are seen in the same samples.
 * The agent JVM writes its JIT symbol map at exit ({@link #AGENT_FLAGS}) for perf to name Java
 * frames. Absent perf, profiling is skipped and says so.
 */
final class PerfRecording implements AutoCloseable {
    /** JVM flags that let perf name the agent's compiled Java methods. */
    static final List<String> AGENT_FLAGS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit",
            "-XX:+PreserveFramePointer");

    private final Process process;
    private final Path data;

    private PerfRecording(Process process, Path data) {
        this.process = process;
        this.data = data;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/perf"));
    }

    static PerfRecording start(Path data, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("perf", "record", "-e", "cpu-clock", "-F", "499", "-a", "-g", "-o", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread.sleep(300);
        return new PerfRecording(p, data);
    }

    /** An existing recording, for reports. */
    static PerfRecording open(Path data) {
        return new PerfRecording(null, data);
    }

    /** Stops recording (perf writes its file on SIGTERM). */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Share of all samples per command name (thread names for Java threads), the top lines. */
    String byCommand(int lines) throws IOException, InterruptedException {
        return report(lines, "--sort", "comm");
    }

    /** Hottest functions of one process. */
    String hottest(long pid, int lines) throws IOException, InterruptedException {
        return report(lines, "--pid", Long.toString(pid), "--sort", "sym");
    }

    /** Hottest functions of every process with this command name. */
    String hottest(String comm, int lines) throws IOException, InterruptedException {
        return report(lines, "--comms", comm, "--sort", "dso,sym");
    }

    private String report(int lines, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("perf", "report", "-i", data.toString(), "--stdio", "--no-children",
                "-g", "none", "--percent-limit", "0.5"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(120, TimeUnit.SECONDS);
        List<String> kept = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.startsWith("#") && !l.isBlank() && kept.size() < lines) {
                kept.add(l.stripTrailing());
            }
        }
        return String.join("\n", kept);
    }
}
