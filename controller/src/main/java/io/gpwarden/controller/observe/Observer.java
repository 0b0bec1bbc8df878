package io.gpwarden.controller.observe;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.Segment;
import io.gpwarden.controller.config.Endpoint;
import io.gpwarden.controller.probe.ProbeResult;
import io.gpwarden.controller.probe.ProbeRounds;
import io.gpwarden.controller.probe.ProbeTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observe step of a tick: one probe round over the coordinator, the standby and every primary
 * the latest catalog lists, plus the latest catalog and disk readings, frozen into one
 * {@link Observation}. Takes about one probe timeout at worst; never waits for the catalog.
 */
public final class Observer {
    private final ProbeRounds rounds;
    private final Endpoint coordinator;
    private final Optional<Endpoint> standby;
    private final LatestReadings readings;
    private final Clock clock;

    public Observer(ProbeRounds rounds, Endpoint coordinator, Optional<Endpoint> standby, LatestReadings readings,
                    Clock clock) {
        this.rounds = rounds;
        this.coordinator = coordinator;
        this.standby = standby;
        this.readings = readings;
        this.clock = clock;
    }

    public Observation observe() {
        Instant at = clock.instant();
        CatalogReading catalog = readings.catalog();
        DiskReading disk = readings.disk();
        Map<String, ProbeResult> probes = rounds.run(targets(coordinator, standby, catalog.last()));
        return new Observation(at, probes, catalog, disk);
    }

    /**
     * Coordinator and standby by their configured addresses (the standby from the catalog when
     * the configuration names none), then the primaries of the latest catalog.
     */
    public static List<ProbeTarget> targets(Endpoint coordinator, Optional<Endpoint> standby,
                                            Optional<CatalogSnapshot> catalog) {
        List<ProbeTarget> targets = new ArrayList<>();
        targets.add(ProbeTarget.coordinator(coordinator));
        Optional<Endpoint> standbyEndpoint = standby.or(() -> catalog.flatMap(CatalogSnapshot::standby).map(Segment::endpoint));
        standbyEndpoint.ifPresent(e -> targets.add(ProbeTarget.standby(e)));
        catalog.ifPresent(c -> c.primaries().forEach(p -> targets.add(ProbeTarget.primary(p))));
        return targets;
    }
}
