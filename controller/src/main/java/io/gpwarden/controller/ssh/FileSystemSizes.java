package io.gpwarden.controller.ssh;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.DiskFree;
import io.gpwarden.controller.observe.HostChecks;
import io.gpwarden.controller.ssh.DfCommand.FileSystem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The file system under each data directory as {@code df} over SSH last reported it (cached
 * between refreshes), and the latest SSH contact with each host. {@link #apply} gives
 * {@code gp_toolkit.gp_disk_free}'s rows (free space only) their capacity. Immutable.
 *
 * @param byHost host → data directory → its file system
 */
public record FileSystemSizes(Map<String, Map<String, FileSystem>> byHost, HostChecks checks) {

    public FileSystemSizes {
        Map<String, Map<String, FileSystem>> copy = new LinkedHashMap<>();
        byHost.forEach((h, m) -> copy.put(h, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        byHost = Collections.unmodifiableMap(copy);
    }

    /**
     * Each row with its file system's size where one is known. A row is matched by its host and
     * device ({@code dfhostname}, {@code dfdevice}: the same {@code df} column gp_disk_free reports);
     * failing that (a host that names itself differently from the catalog, a device spelled
     * otherwise), by its segment: the acting primary's host and data directory in the catalog.
     * Rows that already carry a capacity (from a capacity table) are left as they are.
     */
    public List<DiskFree> apply(List<DiskFree> rows, Optional<CatalogSnapshot> catalog) {
        List<DiskFree> out = new ArrayList<>(rows.size());
        for (DiskFree r : rows) {
            if (r.capacityBytes().isPresent()) {
                out.add(r);
                continue;
            }
            Optional<FileSystem> fs = byDevice(r.hostname(), r.device()).or(() -> bySegment(r, catalog));
            out.add(fs.filter(f -> f.sizeKb() > 0)
                    .map(f -> new DiskFree(r.content(), r.hostname(), r.device(), r.freeBytes(),
                            OptionalLong.of(f.sizeKb() * 1024)))
                    .orElse(r));
        }
        return out;
    }

    private Optional<FileSystem> byDevice(String host, String device) {
        Map<String, FileSystem> dirs = byHost.get(host);
        if (dirs == null) {
            return Optional.empty();
        }
        return dirs.values().stream().filter(f -> f.device().equals(device)).findFirst();
    }

    private Optional<FileSystem> bySegment(DiskFree r, Optional<CatalogSnapshot> catalog) {
        return catalog.flatMap(c -> c.segments().stream()
                        .filter(s -> s.content() == r.content() && s.isPrimary() && s.datadir() != null)
                        .findFirst())
                .flatMap(s -> Optional.ofNullable(byHost.get(s.hostname())).map(m -> m.get(s.datadir())));
    }
}
