package io.gpwarden.controller.catalog;

import java.util.OptionalLong;

/**
 * One file system as {@code gp_toolkit.gp_disk_free} reports it: free space on the device holding
 * a segment's data directory. Greenplum's view reports free space only; the capacity is known
 * when a capacity table is configured (see {@link JdbcClusterCatalog#diskFree}).
 *
 * @param content   the segment whose data directory lives there ({@code dfsegment})
 * @param hostname  {@code dfhostname}
 * @param device    {@code dfdevice}, the file system
 * @param freeBytes {@code dfspace} (KB in the view) in bytes
 * @param capacityBytes the file system's size, when known
 */
public record DiskFree(int content, String hostname, String device, long freeBytes, OptionalLong capacityBytes) {

    /** Used share in percent; NaN when the capacity is unknown (the thresholds read NaN as "no reading"). */
    public double usedPercent() {
        if (capacityBytes.isEmpty() || capacityBytes.getAsLong() <= 0) {
            return Double.NaN;
        }
        long capacity = capacityBytes.getAsLong();
        return 100.0 * (capacity - Math.min(freeBytes, capacity)) / capacity;
    }

    /** Bytes in use, when the capacity is known. */
    public OptionalLong usedBytes() {
        return capacityBytes.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(Math.max(0, capacityBytes.getAsLong() - freeBytes));
    }
}
