package io.gpwarden.cli;

/** The exit codes every gpwarden command uses, so scripts can rely on them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }

    /** Configuration and usage problems are the caller's to fix (2); anything else is a failure (1). */
    static int forException(Throwable t) {
        boolean usage = t instanceof picocli.CommandLine.ParameterException
                || t instanceof IllegalArgumentException;
        return usage ? USAGE : FAILURE;
    }
}
