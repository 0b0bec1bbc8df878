package io.gpwarden.testcluster.utility;

/** A failure a utility reports with its own message and exit code (the way gppylib's main does). */
public final class UtilityFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UtilityFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
