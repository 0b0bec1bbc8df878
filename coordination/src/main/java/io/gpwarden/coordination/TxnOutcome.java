package io.gpwarden.coordination;

/**
 * Whether a {@link Transaction}'s compares held (and so its operations were applied), and the store
 * revision it ran at: the {@code create_revision} of a key it created, the {@code mod_revision} of
 * a key it wrote.
 */
public record TxnOutcome(boolean succeeded, long revision) {
}
