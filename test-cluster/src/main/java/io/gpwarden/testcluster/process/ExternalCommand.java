package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion and captures its output (stdout and stderr merged).
 *
 * <p>The command runs in {@code /} (so a tool running as another account never trips over an
 * unreadable working directory) with the JVM's environment plus {@code env}. A command that
 * outlives its timeout is killed with its descendants and reported as failed.
 */
public final class ExternalCommand {
    private ExternalCommand() {
    }

    /** What a finished command printed and returned. */
    public record Result(List<String> argv, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws with the command and its output when the exit code is not 0. */
        public Result orThrow() {
            if (!ok()) {
                throw new CommandFailedException(String.join(" ", argv) + " exited " + exitCode + ":\n" + output.strip());
            }
            return this;
        }
    }

    /** A command that exited non-zero. */
    public static final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CommandFailedException(String message) {
            super(message);
        }
    }

    public static Result run(List<String> argv, Duration timeout) {
        return run(argv, Map.of(), timeout);
    }

    public static Result run(List<String> argv, Map<String, String> env, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("gpwarden-cmd", ".out");
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .directory(Path.of("/").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(new HashMap<>(env));
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(argv, -1, Files.readString(out, StandardCharsets.UTF_8)
                        + "\n(killed after " + timeout.toSeconds() + " s)");
            }
            return new Result(argv, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(argv, -1, "could not run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv.get(0), e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
