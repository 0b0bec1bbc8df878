package io.gpwarden.layout.move;

/**
 * Space a move needs on one target host: the mirrors arriving there, their total size when known
 * (null otherwise) and the host's free space when known (null otherwise). Old directories are removed
 * only after the new mirrors are built, so departures do not free space in time for arrivals.
 */
public record HostSpace(String host, int arriving, Long bytesNeeded, Long freeBytes) {
    public boolean fits() {
        return bytesNeeded == null || freeBytes == null || bytesNeeded <= freeBytes;
    }
}
