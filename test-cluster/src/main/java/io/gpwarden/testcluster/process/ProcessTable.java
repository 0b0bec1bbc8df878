package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and signals processes by PID through /proc and {@link ProcessHandle}.
 *
 * <p>Every signal goes through {@link #matches}: a PID is only signalled while its command line
 * still contains the marker the caller recorded when it started the process, so a recycled PID
 * that now belongs to somebody else's process is never touched.
 */
public final class ProcessTable {
    private ProcessTable() {
    }

    /** The arguments of {@code pid} (argv), or empty when it is gone. */
    public static Optional<List<String>> arguments(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= raw.length; i++) {
                if (i == raw.length || raw[i] == 0) {
                    if (i > start) {
                        args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return Optional.of(args);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code pid} is alive (not a zombie) and one of its arguments equals {@code marker}
     * exactly (a data directory, a config file, a {@code -D} property), so that
     * {@code /data/gpseg1} never matches a process started for {@code /data/gpseg10}. A process
     * that rewrote its title into one string (sshd: "sshd: /usr/sbin/sshd -D -f CONFIG ...")
     * matches when the marker occurs in it as a whole word.
     */
    public static boolean matches(long pid, String marker) {
        if (pid <= 0 || !isRunning(pid)) {
            return false;
        }
        return arguments(pid).map(args -> args.stream().anyMatch(a -> a.equals(marker) || containsWord(a, marker)))
                .orElse(false);
    }

    static boolean containsWord(String text, String word) {
        int i = text.indexOf(word);
        while (i >= 0) {
            int end = i + word.length();
            boolean startOk = i == 0 || text.charAt(i - 1) == ' ';
            boolean endOk = end == text.length() || text.charAt(end) == ' ';
            if (startOk && endOk) {
                return true;
            }
            i = text.indexOf(word, i + 1);
        }
        return false;
    }

    /** Whether {@code pid} exists and is not a zombie. */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sends SIGKILL to {@code pid} if it still matches {@code marker}; true when a signal was sent. */
    public static boolean kill9(long pid, String marker) {
        if (!matches(pid, marker)) {
            return false;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
    }

    /** Sends SIGTERM to {@code pid} if it still matches {@code marker}; true when a signal was sent. */
    public static boolean terminate(long pid, String marker) {
        if (!matches(pid, marker)) {
            return false;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false);
    }

    /**
     * Stops {@code pid} if it matches {@code marker}: SIGTERM, then SIGKILL after {@code grace}.
     * Returns once the process is gone (or after a further 10 s).
     */
    public static void stop(long pid, String marker, Duration grace) {
        if (!terminate(pid, marker)) {
            return;
        }
        if (!awaitExit(pid, grace)) {
            kill9(pid, marker);
            awaitExit(pid, Duration.ofSeconds(10));
        }
    }

    /**
     * Sends the named signal (for example {@code INT}) to {@code pid} if it still matches
     * {@code marker}; true when the signal was delivered.
     */
    public static boolean signal(long pid, String marker, String signal) {
        if (!matches(pid, marker)) {
            return false;
        }
        return ExternalCommand.run(List.of("kill", "-s", signal, Long.toString(pid)), Duration.ofSeconds(10)).ok();
    }

    /** Waits until {@code pid} has exited; false on timeout. */
    public static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Pause.millis(20);
        }
        return true;
    }

    /**
     * SIGKILL to {@code pid} (if it matches {@code marker}) and to every descendant it had at
     * that moment: a host that loses power takes the postmaster's children with it.
     */
    public static boolean killTree(long pid, String marker) {
        if (!matches(pid, marker)) {
            return false;
        }
        List<ProcessHandle> children = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(children::add));
        boolean sent = kill9(pid, marker);
        children.forEach(ProcessHandle::destroyForcibly);
        return sent;
    }

    /** The PIDs of all descendants of {@code pid} (children first listed first). */
    public static List<Long> descendants(long pid) {
        List<Long> out = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> out.add(d.pid())));
        return out;
    }

    /** Resident set size of {@code pid} in kB, or 0 when unknown. */
    public static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Proportional set size of {@code pid} in kB (shared pages divided among sharers), or 0. */
    public static long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
