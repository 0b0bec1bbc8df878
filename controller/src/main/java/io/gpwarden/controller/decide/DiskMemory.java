package io.gpwarden.controller.decide;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per file system: its alarm level (for hysteresis) and its recent samples (for the forecast),
 * plus when the last disk reading was taken, so each reading is counted once however many
 * ticks see it. Immutable.
 *
 * @param tracks by {@code host:device}
 */
public record DiskMemory(Map<String, DiskTrack> tracks, Optional<Instant> lastReadAt) {

    public static final DiskMemory EMPTY = new DiskMemory(Map.of(), Optional.empty());

    public DiskMemory {
        tracks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tracks));
    }

    /** One file system's history. {@code level} is null while below every threshold. */
    public record DiskTrack(String host, String device, Urgency level, List<DiskSample> samples) {
        public DiskTrack {
            samples = List.copyOf(samples);
        }
    }

    /** One reading of one file system. */
    public record DiskSample(Instant at, double usedPercent, long freeBytes) {
    }
}
