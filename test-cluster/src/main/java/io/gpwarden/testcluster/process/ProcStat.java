package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One process as {@code /proc/PID/stat} shows it: its short name (comm), state, parent and
 * session. Readable for every process whatever its owner.
 *
 * @param comm    the executable's short name ({@code sshd}, {@code bash}, {@code postgres})
 * @param state   {@code R}, {@code S}, {@code D}, {@code T} (stopped), {@code Z} (zombie) ...
 * @param session the session ID: a process that called setsid() (a daemon, the shell sshd starts
 *                for a command) starts a session of its own
 */
public record ProcStat(long pid, String comm, char state, long ppid, long session) {

    /** The process {@code pid}, or empty when it is gone. */
    public static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a stat line; the name sits in parentheses and may itself contain spaces and ')'. */
    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String[] rest = line.substring(close + 2).trim().split(" ");
        return new ProcStat(Long.parseLong(line.substring(0, open).trim()), line.substring(open + 1, close),
                rest[0].charAt(0), Long.parseLong(rest[1]), Long.parseLong(rest[3]));
    }

    /** Stopped by a signal (or traced), or already dead: it cannot fork any more. */
    public boolean isHalted() {
        return state == 'T' || state == 't' || state == 'Z' || state == 'X';
    }
}
