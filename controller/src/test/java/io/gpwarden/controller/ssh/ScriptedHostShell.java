package io.gpwarden.controller.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link HostShell} for unit tests that answers from a script, per host: a function of the
 * command, a failure, or a wait on a latch (a host that hangs until released). Records every
 * command it was asked to run, so tests can assert what was (not) sent. Thread-safe.
 */
public final class ScriptedHostShell implements HostShell {

    /** What one host does with a command. */
    @FunctionalInterface
    public interface Script {
        CommandResult answer(String command) throws HostShellException;
    }

    /** One call, as recorded. */
    public record Call(String host, String command, Duration timeout) {
    }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** {@code host} answers every command with {@code script}. */
    public ScriptedHostShell on(String host, Script script) {
        scripts.put(host, script);
        return this;
    }

    /** {@code host} fails every command the way {@code failure} says. */
    public ScriptedHostShell failing(String host, HostShellException.Failure failure, String detail, String presentedKey) {
        return on(host, command -> {
            throw new HostShellException(failure, host, detail, presentedKey, null);
        });
    }

    /** {@code host} blocks every command until {@code release} counts down (or the test's patience ends). */
    public ScriptedHostShell hanging(String host, CountDownLatch release, Script then) {
        return on(host, command -> {
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new HostShellException(HostShellException.Failure.UNREACHABLE, host, "never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostShellException(HostShellException.Failure.UNREACHABLE, host, "interrupted");
            }
            return then.answer(command);
        });
    }

    /**
     * A host that answers {@link DfCommand}'s loop the way df would, from a table of directory →
     * file system; directories not in the table get df's "No such file or directory".
     */
    public static Script df(Map<String, DfCommand.FileSystem> fileSystems) {
        return command -> {
            StringBuilder out = new StringBuilder();
            List<String> dirs = quotedWords(command);
            for (int i = 0; i < dirs.size(); i++) {
                out.append(DfCommand.MARKER).append(i).append('\n');
                DfCommand.FileSystem fs = fileSystems.get(dirs.get(i));
                if (fs == null) {
                    out.append("df: ").append(dirs.get(i)).append(": No such file or directory\n");
                } else {
                    out.append("Filesystem     1024-blocks      Used Available Capacity Mounted on\n")
                            .append(String.format("%-14s %11d %9d %9d %7d%% %s%n", fs.device(), fs.sizeKb(),
                                    fs.sizeKb() - fs.availableKb(), fs.availableKb(),
                                    100 * (fs.sizeKb() - fs.availableKb()) / fs.sizeKb(), fs.mountedOn()));
                }
            }
            return ok(out.toString());
        };
    }

    /** The single-quoted words of a command (the directories of a df loop), unquoted. */
    static List<String> quotedWords(String command) {
        List<String> words = new java.util.ArrayList<>();
        int i = command.indexOf(" in ");
        int end = command.indexOf("; do");
        String list = command.substring(i + 4, end);
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int k = 0; k < list.length(); k++) {
            char c = list.charAt(k);
            if (c == '\'' ) {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && !quoted && k + 1 < list.length()) {
                cur.append(list.charAt(++k));
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(cur.toString());
        }
        return words;
    }

    /** A result that ran to its end with exit status 0 and {@code stdout}. */
    public static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "", false, Duration.ofMillis(3));
    }

    @Override
    public CommandResult run(String host, String command, Duration timeout) throws HostShellException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        calls.add(new Call(host, command, timeout));
        Script s = scripts.get(host);
        if (s == null) {
            throw new HostShellException(HostShellException.Failure.UNREACHABLE, host, "no script for this host");
        }
        return s.answer(command);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> callsTo(String host) {
        return calls.stream().filter(c -> c.host().equals(host)).toList();
    }

    @Override
    public void close() {
        closed = true;
    }
}
