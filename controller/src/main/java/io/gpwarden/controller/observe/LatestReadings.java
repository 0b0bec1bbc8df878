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
    private final AtomicReference<DiskReading> disk = new AtomicReference<>(DiskReading.NONE);

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

    public void diskFailed(ReadFailure failure) {
        disk.updateAndGet(d -> d.failed(failure));
    }
}
