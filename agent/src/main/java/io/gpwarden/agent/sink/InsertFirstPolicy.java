package io.gpwarden.agent.sink;

/**
 * Decides whether a MERGE batch first tries a plain INSERT of its staged rows (under a savepoint)
 * before the general UPDATE-then-INSERT-where-missing statements. The plain insert is exact
 * when no key of the batch is in the table yet (a unique index on the match columns refuses it
 * otherwise, and the batch then takes the general path), and it skips both index probes per
 * row, so it pays off for batches of new keys. A refusal wastes the work done up to the first
 * existing key; so after one, the next batch goes the general way at once, and every further
 * consecutive refusal doubles how many batches do so (at most 64) until a plain insert succeeds
 * again. Pure state; one per sink, used by its writing thread.
 */
final class InsertFirstPolicy {
    static final int MAX_SKIP = 64;

    private int skip;
    private int skipped;

    /** Whether this batch should try the plain insert; counts the batch either way. */
    boolean tryNow() {
        if (skipped < skip) {
            skipped++;
            return false;
        }
        return true;
    }

    void succeeded() {
        skip = 0;
        skipped = 0;
    }

    void refused() {
        skip = skip == 0 ? 1 : Math.min(MAX_SKIP, skip * 2);
        skipped = 0;
    }
}
