package io.gpwarden.controller.ssh;

import java.time.Duration;

/**
 * What a command that ran to its end returned. Immutable.
 *
 * @param exitStatus the remote exit status; -1 when the remote side reported a signal or none
 * @param stdout     standard output (UTF-8), cut at the shell's output cap
 * @param stderr     standard error (UTF-8), cut at the shell's output cap
 * @param truncated  whether either stream was cut
 * @param took       from the start of the command (connection already open) to its end
 */
public record CommandResult(int exitStatus, String stdout, String stderr, boolean truncated, Duration took) {

    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** The first line of stderr, or "exit N" when stderr is empty: for one-line messages. */
    public String failureLine() {
        String first = stderr.strip().lines().findFirst().orElse("");
        return first.isEmpty() ? "exit " + exitStatus : first + " (exit " + exitStatus + ")";
    }
}
