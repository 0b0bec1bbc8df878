package io.gpwarden.controller.run;

import io.gpwarden.controller.catalog.CatalogUnavailableException;
import io.gpwarden.controller.catalog.ClusterCatalog;
import io.gpwarden.controller.observe.LatestReadings;
import io.gpwarden.controller.observe.ReadFailure;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog and disk reads the schedule runs beside the tick: each read replaces the latest
 * reading; a failure is recorded (and logged when it starts or changes), never thrown.
 */
public final class BackgroundReads {
    private static final Logger log = LoggerFactory.getLogger(BackgroundReads.class);

    private final String cluster;
    private final ClusterCatalog catalog;
    private final LatestReadings readings;
    private final Clock clock;
    private volatile String lastCatalogFailure = "";
    private volatile String lastDiskFailure = "";

    public BackgroundReads(String cluster, ClusterCatalog catalog, LatestReadings readings, Clock clock) {
        this.cluster = cluster;
        this.catalog = catalog;
        this.readings = readings;
        this.clock = clock;
    }

    public void readCatalog() {
        try {
            readings.catalogRead(catalog.read());
            if (!lastCatalogFailure.isEmpty()) {
                log.info("{}: catalog readable again", cluster);
                lastCatalogFailure = "";
            }
        } catch (CatalogUnavailableException e) {
            readings.catalogFailed(new ReadFailure(clock.instant(), e.reachability(), e.getMessage()));
            if (!e.getMessage().equals(lastCatalogFailure)) {
                log.warn("{}: {}", cluster, e.getMessage());
                lastCatalogFailure = e.getMessage();
            }
        }
    }

    public void readDisk() {
        try {
            readings.diskRead(clock.instant(), catalog.diskFree());
            lastDiskFailure = "";
        } catch (CatalogUnavailableException e) {
            readings.diskFailed(new ReadFailure(clock.instant(), e.reachability(), e.getMessage()));
            if (!e.getMessage().equals(lastDiskFailure)) {
                log.warn("{}: {}", cluster, e.getMessage());
                lastDiskFailure = e.getMessage();
            }
        }
    }
}
