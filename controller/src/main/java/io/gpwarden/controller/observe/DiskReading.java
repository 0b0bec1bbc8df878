package io.gpwarden.controller.observe;

import io.gpwarden.controller.catalog.DiskFree;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The latest disk reading ({@code gp_toolkit.gp_disk_free}, with file system sizes from a capacity
 * table or from {@code df} over SSH): its rows and when they were read, or why the latest attempt
 * failed; and the latest SSH contact with each host, which is independent of whether
 * gp_disk_free could be read. Immutable.
 */
public record DiskReading(Optional<Instant> readAt, List<DiskFree> rows, Optional<ReadFailure> failure,
                          HostChecks hosts) {

    public static final DiskReading NONE = new DiskReading(Optional.empty(), List.of(), Optional.empty(),
            HostChecks.DISABLED);

    public DiskReading {
        rows = List.copyOf(rows);
        hosts = hosts == null ? HostChecks.DISABLED : hosts;
    }

    public DiskReading(Optional<Instant> readAt, List<DiskFree> rows, Optional<ReadFailure> failure) {
        this(readAt, rows, failure, HostChecks.DISABLED);
    }

    public static DiskReading of(Instant at, List<DiskFree> rows) {
        return new DiskReading(Optional.of(at), rows, Optional.empty(), HostChecks.DISABLED);
    }

    public static DiskReading of(Instant at, List<DiskFree> rows, HostChecks hosts) {
        return new DiskReading(Optional.of(at), rows, Optional.empty(), hosts);
    }

    public DiskReading failed(ReadFailure f) {
        return new DiskReading(readAt, rows, Optional.of(f), hosts);
    }

    /** The same reading with the latest SSH contacts. */
    public DiskReading withHosts(HostChecks checks) {
        return new DiskReading(readAt, rows, failure, checks);
    }

    public boolean isFresh() {
        return readAt.isPresent() && failure.isEmpty();
    }
}
