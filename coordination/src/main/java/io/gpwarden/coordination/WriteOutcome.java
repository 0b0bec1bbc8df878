package io.gpwarden.coordination;

import java.util.Optional;

/**
 * The result of a compare-and-set write: applied at {@code revision}, or refused because the key
 * was not as expected, with what it holds now ({@code current}, empty if absent) so the caller
 * can decide without another read.
 */
public record WriteOutcome(boolean applied, long revision, Optional<Entry> current) {

    public static WriteOutcome applied(long revision) {
        return new WriteOutcome(true, revision, Optional.empty());
    }

    public static WriteOutcome refused(Optional<Entry> current) {
        return new WriteOutcome(false, 0, current);
    }
}
