package io.gpwarden.cli;

import picocli.CommandLine;

/** Entry point of the {@code gpwarden} command. Exit codes: 0 ok, 1 failure, 2 usage or configuration error. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        return GpwardenCommand.commandLine().execute(args);
    }
}
