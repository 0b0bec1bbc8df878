package io.gpwarden.controller.decide;

import io.gpwarden.alerts.incident.Level;
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

    /**
     * One file system's history.
     *
     * @param contents      the segments whose data directories live there
     * @param capacityBytes its size, or null when unknown
     */
    public record DiskTrack(String host, String device, Level level, List<DiskSample> samples, List<Integer> contents,
                            Long capacityBytes) {
        public DiskTrack {
            samples = List.copyOf(samples);
            contents = List.copyOf(contents);
        }
    }

    /** One reading of one file system; {@code usedPercent} is NaN when the capacity is unknown. */
    public record DiskSample(Instant at, double usedPercent, long freeBytes) {
    }
}
