package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a long-running server in its own session, so that it outlives the command that started
 * it (a CLI {@code up} returns while the servers run on) and a Ctrl-C in the starting terminal
 * does not reach it. Output goes to a log file; the caller records the PID in a
 * {@link ProcessLedger} so that {@code down}, test end and JVM exit can stop it.
 */
public final class DetachedProcess {
    private DetachedProcess() {
    }

    /**
     * Starts {@code argv} with {@code env} added to this JVM's environment, output appended to
     * {@code log}. Returns the PID of the server itself ({@code setsid} execs in place).
     */
    public static long start(List<String> argv, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(Path.of("/").toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        return pb.start().pid();
    }
}
