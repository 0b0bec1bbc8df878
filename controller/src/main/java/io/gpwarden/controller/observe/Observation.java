package io.gpwarden.controller.observe;

import io.gpwarden.controller.probe.ProbeResult;
import java.time.Instant;
import java.util.Map;

/**
 * Everything one tick knows, taken at one moment and never changed afterwards: this round's
 * probe results, and the latest catalog and disk readings (read in the background on their own
 * schedules, so a slow catalog never delays a probe round).
 *
 * @param probes by probe target id ({@code coordinator}, {@code standby}, {@code dbid=<n>}), in probe order
 */
public record Observation(Instant at, Map<String, ProbeResult> probes, CatalogReading catalog, DiskReading disk) {

    public Observation {
        probes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probes));
    }
}
