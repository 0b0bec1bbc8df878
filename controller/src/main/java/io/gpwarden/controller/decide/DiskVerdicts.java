package io.gpwarden.controller.decide;

import io.gpwarden.controller.observe.DiskReading;
import java.util.List;

/**
 * Disk use as incidents: a level per file system with hysteresis, and a forecast of when it fills.
 * Pure.
 */
public final class DiskVerdicts {
    private final io.gpwarden.controller.config.DiskPolicy policy;

    public DiskVerdicts(io.gpwarden.controller.config.DiskPolicy policy) {
        this.policy = policy;
    }

    /** The disk part of a decision: whether this tick had a fresh reading, what holds, and the new memory. */
    public record Outcome(boolean fresh, List<Condition> conditions, DiskMemory memory) {
    }

    public Outcome assess(DiskMemory memory, DiskReading reading) {
        return new Outcome(false, List.of(), memory);
    }
}
