package io.gpwarden.controller.observe;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.DiskFree;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hand-over point between the background reads (catalog, disk) and the tick: each read
 * replaces its reading atomically, each tick takes whatever is there. Nobody waits for anybody.
 * Thread-safe.
 */
public final class LatestReadings {
    private final AtomicReference<CatalogReading> catalog = new AtomicReference<>(CatalogReading.NONE);
    private final AtomicReference<DiskReading> disk;

    /** Readings of a controller that does not contact hosts over SSH. */
    public LatestReadings() {
        this(false);
    }

    /**
     * @param sshChecks whether the disk read contacts hosts over SSH: then, until it has, host
     *                  verdicts are pending (not absent), so conditions restored from an earlier
     *                  run are kept rather than resolved
     */
    public LatestReadings(boolean sshChecks) {
        disk = new AtomicReference<>(sshChecks ? DiskReading.NONE.withHosts(new HostChecks(true, java.util.Map.of()))
                : DiskReading.NONE);
    }

    public CatalogReading catalog() {
        return catalog.get();
    }

    public DiskReading disk() {
        return disk.get();
    }

    public void catalogRead(CatalogSnapshot snapshot) {
        catalog.set(CatalogReading.of(snapshot));
    }

    public void catalogFailed(ReadFailure failure) {
        catalog.updateAndGet(c -> c.failed(failure));
    }

    public void diskRead(Instant at, List<DiskFree> rows) {
        disk.set(DiskReading.of(at, rows));
    }

    /** A disk reading with the SSH contacts made for it. */
    public void diskRead(Instant at, List<DiskFree> rows, HostChecks hosts) {
        disk.set(DiskReading.of(at, rows, hosts));
    }

    public void diskFailed(ReadFailure failure) {
        disk.updateAndGet(d -> d.failed(failure));
    }

    /** gp_disk_free failed; the SSH contacts made meanwhile still count. */
    public void diskFailed(ReadFailure failure, HostChecks hosts) {
        disk.updateAndGet(d -> d.failed(failure).withHosts(hosts));
    }
}
