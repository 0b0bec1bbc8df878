package io.gpwarden.coordination;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Admits directives whose epoch is at least the highest seen, and refuses older ones: an agent
 * obeys the newest leader and ignores a deposed one that still speaks (Curator's double-leader
 * bugs, CURATOR-460 and CURATOR-653, are why every directive carries an epoch). Epochs are
 * {@code create_revision}s of lease-bound keys, so a later claim always has a larger one.
 * Thread-safe; pure (no I/O).
 */
public final class EpochGate {
    private final AtomicLong highest;

    public EpochGate() {
        this(0);
    }

    /** A gate that already saw {@code highest} (e.g. read back from the agent's acknowledgement). */
    public EpochGate(long highest) {
        this.highest = new AtomicLong(highest);
    }

    /** True, and remembered, if {@code epoch} is not older than any admitted before. */
    public boolean admit(long epoch) {
        long seen = highest.accumulateAndGet(epoch, Math::max);
        return epoch == seen;
    }

    /** The highest epoch admitted so far (0 if none). */
    public long highest() {
        return highest.get();
    }
}
