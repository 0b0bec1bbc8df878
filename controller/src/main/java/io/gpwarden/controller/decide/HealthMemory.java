package io.gpwarden.controller.decide;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import java.util.Map;
import java.util.Optional;

/**
 * What the decision carries from one tick to the next: probe streaks, the conditions that held
 * after the last tick (to diff against and to keep when a reading is missing), the last catalog
 * snapshot seen (to notice transitions such as a promotion), and the disk tracks. Immutable; each
 * tick makes a new one.
 */
public record HealthMemory(Map<String, ProbeStreak> streaks, Map<String, Condition> active,
                           Optional<CatalogSnapshot> lastCatalog, DiskMemory disks) {

    public static final HealthMemory EMPTY = new HealthMemory(Map.of(), Map.of(), Optional.empty(), DiskMemory.EMPTY);

    public HealthMemory {
        streaks = Map.copyOf(streaks);
        active = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(active));
    }

    /** A memory that starts from conditions recorded by an earlier run (the state file), so they can be resolved. */
    public static HealthMemory restored(Map<String, Condition> active) {
        return new HealthMemory(Map.of(), active, Optional.empty(), DiskMemory.EMPTY);
    }
}
