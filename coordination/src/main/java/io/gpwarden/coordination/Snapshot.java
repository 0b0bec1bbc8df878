package io.gpwarden.coordination;

import java.util.List;
import java.util.Optional;

/**
 * Every entry under a prefix at one store revision; watch from {@code revision + 1} to miss nothing
 * that happened after it.
 */
public record Snapshot(List<Entry> entries, long revision) {
    public Snapshot {
        entries = List.copyOf(entries);
    }

    /** The entry at exactly {@code key}, if the snapshot holds it. */
    public Optional<Entry> find(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }
}
