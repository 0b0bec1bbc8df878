package io.gpwarden.controller.run;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.CatalogUnavailableException;
import io.gpwarden.controller.catalog.ClusterCatalog;
import io.gpwarden.controller.catalog.DiskFree;
import io.gpwarden.controller.observe.HostChecks;
import io.gpwarden.controller.observe.LatestReadings;
import io.gpwarden.controller.observe.ReadFailure;
import io.gpwarden.controller.ssh.FileSystemSizes;
import io.gpwarden.controller.ssh.SshDiskCapacity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog and disk reads the schedule runs beside the tick: each read replaces the latest
 * reading; a failure is recorded (and logged when it starts or changes), never thrown.
 *
 * <p>A disk read is {@code gp_toolkit.gp_disk_free} (free space) and, when sizes come over SSH,
 * the hosts' {@code df} at the same time: the SSH contacts start first, gp_disk_free runs, then
 * the read waits for the contacts until the disk timeout and no longer. Host checks count even
 * when gp_disk_free failed.
 */
public final class BackgroundReads {
    private static final Logger log = LoggerFactory.getLogger(BackgroundReads.class);

    private final String cluster;
    private final ClusterCatalog catalog;
    private final LatestReadings readings;
    private final Optional<SshDiskCapacity> sizes;
    private final Duration diskTimeout;
    private final Clock clock;
    private volatile String lastCatalogFailure = "";
    private volatile String lastDiskFailure = "";

    public BackgroundReads(String cluster, ClusterCatalog catalog, LatestReadings readings, Clock clock) {
        this(cluster, catalog, readings, Optional.empty(), Duration.ZERO, clock);
    }

    /**
     * @param sizes       file system sizes over SSH, when configured (and no capacity table)
     * @param diskTimeout how long a disk read waits for the SSH contacts
     */
    public BackgroundReads(String cluster, ClusterCatalog catalog, LatestReadings readings,
                           Optional<SshDiskCapacity> sizes, Duration diskTimeout, Clock clock) {
        this.cluster = cluster;
        this.catalog = catalog;
        this.readings = readings;
        this.sizes = sizes;
        this.diskTimeout = diskTimeout;
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
        long deadline = System.nanoTime() + diskTimeout.toNanos();
        Optional<CatalogSnapshot> topology = readings.catalog().last();
        Optional<SshDiskCapacity.Round> round = sizes.map(s -> s.start(topology));
        List<DiskFree> rows = null;
        CatalogUnavailableException failure = null;
        try {
            rows = catalog.diskFree();
        } catch (CatalogUnavailableException e) {
            failure = e;
        }
        Optional<FileSystemSizes> fs = round.map(r -> sizes.get().finish(r, deadline));
        HostChecks hosts = fs.map(FileSystemSizes::checks).orElse(HostChecks.DISABLED);
        if (failure == null) {
            List<DiskFree> read = rows;
            readings.diskRead(clock.instant(), fs.map(f -> f.apply(read, topology)).orElse(read), hosts);
            lastDiskFailure = "";
            return;
        }
        ReadFailure f = new ReadFailure(clock.instant(), failure.reachability(), failure.getMessage());
        if (fs.isPresent()) {
            readings.diskFailed(f, hosts);
        } else {
            readings.diskFailed(f);
        }
        if (!failure.getMessage().equals(lastDiskFailure)) {
            log.warn("{}: {}", cluster, failure.getMessage());
            lastDiskFailure = failure.getMessage();
        }
    }
}
