package io.gpwarden.controller.ssh;

import java.util.Optional;

/**
 * Why a command could not be run, or could not be seen to its end, on one host. The message names
 * the host and its SSH destination, never a key, passphrase or the command's arguments.
 */
public final class HostShellException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure {@link HostShell}'s contract distinguishes. */
    public enum Failure {
        /** No SSH session could be set up in time: refused, timed out, no banner, unknown name. */
        UNREACHABLE("unreachable", true),
        /** known_hosts lists another key for this host: refused before logging in. */
        HOST_KEY_MISMATCH("host key mismatch", true),
        /** known_hosts lists no key for this host: refused before logging in. */
        HOST_KEY_UNKNOWN("host key unknown", true),
        /** The host accepted none of the keys offered, or the identity file cannot be used. */
        LOGIN_REJECTED("login rejected", true),
        /** The command started but did not end within its timeout. */
        TIMED_OUT("command timed out", false),
        /** The connection broke after the command started. */
        CONNECTION_LOST("connection lost", false);

        private final String label;
        private final boolean didNotRun;

        Failure(String label, boolean didNotRun) {
            this.label = label;
            this.didNotRun = didNotRun;
        }

        public String label() {
            return label;
        }

        /** Whether the command provably never started (so trying again cannot run it twice). */
        public boolean commandDidNotRun() {
            return didNotRun;
        }

        /** A possible man in the middle: never an outage, never accepted automatically. */
        public boolean isSecurityProblem() {
            return this == HOST_KEY_MISMATCH || this == HOST_KEY_UNKNOWN;
        }
    }

    private final Failure failure;
    private final String host;
    private final String presentedKey;

    /**
     * @param presentedKey the SHA-256 fingerprint of the key the host presented, for host-key
     *                     failures (public information: it is what a human compares out of band)
     */
    public HostShellException(Failure failure, String host, String message, String presentedKey, Throwable cause) {
        super(host + ": " + failure.label() + ": " + message, cause);
        this.failure = failure;
        this.host = host;
        this.presentedKey = presentedKey;
    }

    public HostShellException(Failure failure, String host, String message) {
        this(failure, host, message, null, null);
    }

    public Failure failure() {
        return failure;
    }

    public String host() {
        return host;
    }

    /** The message without the leading "host: failure: ". */
    public String detail() {
        String prefix = host + ": " + failure.label() + ": ";
        String m = getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    public Optional<String> presentedKey() {
        return Optional.ofNullable(presentedKey);
    }
}
