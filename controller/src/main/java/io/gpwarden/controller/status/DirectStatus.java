package io.gpwarden.controller.status;

import io.gpwarden.controller.catalog.CatalogUnavailableException;
import io.gpwarden.controller.catalog.JdbcClusterCatalog;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.decide.Decision;
import io.gpwarden.controller.decide.DiskVerdicts;
import io.gpwarden.controller.decide.HealthDecider;
import io.gpwarden.controller.decide.HealthMemory;
import io.gpwarden.controller.jdbc.PgConnector;
import io.gpwarden.controller.observe.CatalogReading;
import io.gpwarden.controller.observe.DiskReading;
import io.gpwarden.controller.observe.Observation;
import io.gpwarden.controller.observe.Observer;
import io.gpwarden.controller.observe.ReadFailure;
import io.gpwarden.controller.probe.JdbcInstanceProbe;
import io.gpwarden.controller.probe.ProbeResult;
import io.gpwarden.controller.probe.ProbeRounds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The status of a cluster read directly, without a running controller: one catalog read, one
 * disk read, one probe round, and the controller's own decision over them (a single failed probe
 * counts, since there is no next round to confirm it). Open incidents come from a running
 * controller's {@code /status} when one answers, else from its state file.
 */
public final class DirectStatus {
    private DirectStatus() {
    }

    /** What one direct read found. */
    public record Readout(ClusterStatus status, Decision decision, Observation observation) {
    }

    public static Readout read(ControllerConfig config, boolean readDisk, Clock clock) {
        String name = config.cluster().name();
        PgConnector connector = new PgConnector(config.cluster());
        JdbcClusterCatalog catalog = new JdbcClusterCatalog(connector, config.cluster()::coordinator,
                config.catalog().timeout(), config.disk().poll().timeout(), config.disk().capacityTable(), clock);
        CatalogReading catalogReading;
        try {
            catalogReading = CatalogReading.of(catalog.read());
        } catch (CatalogUnavailableException e) {
            catalogReading = CatalogReading.NONE.failed(new ReadFailure(clock.instant(), e.reachability(), e.getMessage()));
        }
        DiskReading disk = DiskReading.NONE;
        if (readDisk && catalogReading.fresh().isPresent()) {
            try {
                disk = DiskReading.of(clock.instant(), catalog.diskFree());
            } catch (CatalogUnavailableException e) {
                disk = disk.failed(new ReadFailure(clock.instant(), e.reachability(), e.getMessage()));
            }
        }
        Map<String, ProbeResult> probes;
        try (ProbeRounds rounds = new ProbeRounds(new JdbcInstanceProbe(connector, config.probes().timeout(),
                config.cluster().segmentUtilityMode(), clock), config.probes().timeout(), clock)) {
            probes = rounds.run(Observer.targets(config.cluster().coordinator(), config.cluster().standby(),
                    catalogReading.last()));
        }
        Observation obs = new Observation(clock.instant(), probes, catalogReading, disk);
        HealthDecider decider = new HealthDecider(name, 1, config.standby(), config.cluster().standby().isPresent(),
                new DiskVerdicts(config.disk()));
        Decision decision = decider.decide(HealthMemory.EMPTY, obs);
        return new Readout(StatusViews.of(name, "status", obs, decision, java.util.List.of(), null), decision, obs);
    }

    /**
     * The running controller's status page, if its HTTP endpoint answers within {@code timeout}:
     * at the configured address, or (when the configuration lets it pick a free port) at the one
     * its state file records. A wildcard bind address is reached over loopback.
     */
    public static Optional<ClusterStatus> fromController(ControllerConfig config, Duration timeout) {
        if (!config.http().enabled()) {
            return Optional.empty();
        }
        Optional<String> endpoint = config.http().port() != 0
                ? Optional.of(reachable(config.http().bind()) + ":" + config.http().port())
                : fromStateFile(config).map(ClusterStatus::controller).map(ClusterStatus.ControllerView::endpoint);
        return endpoint.flatMap(e -> fetch(e, timeout)).filter(s -> s.cluster().equals(config.cluster().name()));
    }

    /** Where {@code gpwarden status} would find the controller, for messages: {@code host:port} or empty. */
    public static Optional<String> controllerEndpoint(ControllerConfig config) {
        if (!config.http().enabled()) {
            return Optional.empty();
        }
        return config.http().port() != 0 ? Optional.of(reachable(config.http().bind()) + ":" + config.http().port())
                : fromStateFile(config).map(ClusterStatus::controller).map(ClusterStatus.ControllerView::endpoint);
    }

    private static String reachable(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty()) {
            return "127.0.0.1";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    private static Optional<ClusterStatus> fetch(String endpoint, Duration timeout) {
        URI uri = URI.create("http://" + endpoint + "/status");
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(StatusJson.read(r.body())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The controller's state file, if one was written for this cluster. */
    public static Optional<ClusterStatus> fromStateFile(ControllerConfig config) {
        try {
            return new StateFile(config.stateDirectory()).read().map(StateFile.ControllerState::status)
                    .filter(s -> s.cluster().equals(config.cluster().name()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
