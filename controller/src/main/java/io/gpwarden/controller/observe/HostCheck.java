package io.gpwarden.controller.observe;

import java.time.Instant;
import java.util.Optional;

/**
 * What the latest SSH contact with one cluster host showed. Immutable.
 *
 * @param host         as the catalog names it
 * @param state        the outcome; {@link State#CHECKING} until the first contact ends
 * @param at           when that outcome was seen (empty while checking)
 * @param detail       one line for humans (the error, or "df of 3 directories")
 * @param presentedKey for host-key failures: the type and SHA-256 fingerprint the host presented
 */
public record HostCheck(String host, State state, Optional<Instant> at, String detail, Optional<String> presentedKey) {

    /** Outcomes of an SSH contact, from the point of view of a human on call. */
    public enum State {
        CHECKING("checking"),
        OK("ok"),
        UNREACHABLE("unreachable"),
        HOST_KEY_MISMATCH("host key mismatch"),
        HOST_KEY_UNKNOWN("host key unknown"),
        LOGIN_REJECTED("login rejected"),
        COMMAND_FAILED("command failed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean isSecurityProblem() {
            return this == HOST_KEY_MISMATCH || this == HOST_KEY_UNKNOWN;
        }
    }

    public static HostCheck checking(String host) {
        return new HostCheck(host, State.CHECKING, Optional.empty(), "not answered yet", Optional.empty());
    }
}
