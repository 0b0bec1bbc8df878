package io.gpwarden.controller.observe;

import io.gpwarden.controller.catalog.DiskFree;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The latest disk reading ({@code gp_toolkit.gp_disk_free}): its rows and when they were read,
 * or why the latest attempt failed. Immutable.
 */
public record DiskReading(Optional<Instant> readAt, List<DiskFree> rows, Optional<ReadFailure> failure) {

    public static final DiskReading NONE = new DiskReading(Optional.empty(), List.of(), Optional.empty());

    public DiskReading {
        rows = List.copyOf(rows);
    }

    public static DiskReading of(Instant at, List<DiskFree> rows) {
        return new DiskReading(Optional.of(at), rows, Optional.empty());
    }

    public DiskReading failed(ReadFailure f) {
        return new DiskReading(readAt, rows, Optional.of(f));
    }

    public boolean isFresh() {
        return readAt.isPresent() && failure.isEmpty();
    }
}
