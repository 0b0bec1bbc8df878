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
import io.gpwarden.controller.ssh.FileSystemSizes;
import io.gpwarden.controller.ssh.SshDiskCapacity;
import io.gpwarden.controller.ssh.SshSettings;
import io.gpwarden.controller.ssh.SshTargets;
import io.gpwarden.controller.ssh.SshjHostShell;
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
 * disk read (sizes over SSH when configured), one probe round, and the controller's own decision
 * over them (a single failed probe counts, since there is no next round to confirm it). Open
 * incidents come from a running controller's {@code /status} when one answers, else from its
 * state file. A wrong SSH file name is a {@link io.gpwarden.config.ConfigException}.
 */
public final class DirectStatus {
    /** A status waits this long at most for the hosts' df over SSH. */
    static final Duration SSH_WAIT = Duration.ofSeconds(5);
    /** A status gives each host this long to accept an SSH session, once. */
    static final Duration SSH_CONNECT = Duration.ofSeconds(3);

    private DirectStatus() {
    }

    /** What one direct read found. */
    public record Readout(ClusterStatus status, Decision decision, Observation observation) {
    }

    public static Readout read(ControllerConfig config, boolean readDisk, Clock clock) {
        String name = config.cluster().name();
        // SSH file names first: a wrong one is a configuration error (exit 2), whatever else happens.
        Optional<SshTargets> targets = readDisk && config.sizesOverSsh()
                ? Optional.of(SshTargets.load(quick(config.ssh().get()))) : Optional.empty();
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
            disk = readDisk(config, targets, catalog, catalogReading, clock);
        }
        Map<String, ProbeResult> probes;
        try (ProbeRounds rounds = new ProbeRounds(new JdbcInstanceProbe(connector, config.probes().timeout(),
                config.cluster().segmentUtilityMode(), clock), config.probes().timeout(), clock)) {
            probes = rounds.run(Observer.targets(config.cluster().coordinator(), config.cluster().standby(),
                    catalogReading.last()));
        }
        Observation obs = new Observation(clock.instant(), probes, catalogReading, disk);
        // One round and no memory: a refusal seen now is reported now (the probe line says which).
        HealthDecider decider = new HealthDecider(name, 1, Duration.ZERO, config.standby(), config.cluster().standby().isPresent(),
                new DiskVerdicts(config.disk()));
        Decision decision = decider.decide(HealthMemory.EMPTY, obs);
        return new Readout(StatusViews.of(name, "status", obs, decision, java.util.List.of(), null), decision, obs);
    }

    /**
     * gp_disk_free, with sizes from df over SSH when configured: the hosts are contacted in parallel
     * with quick timeouts (connect {@link #SSH_CONNECT}, no retries) and waited for at most
     * {@link #SSH_WAIT}, so a dead host costs a status a few seconds at worst and shows as such.
     */
    private static DiskReading readDisk(ControllerConfig config, Optional<SshTargets> targets, JdbcClusterCatalog catalog,
                                        CatalogReading catalogReading, Clock clock) {
        Optional<SshjHostShell> shell = targets.map(SshjHostShell::new);
        Optional<SshDiskCapacity> sizes = shell.map(sh -> new SshDiskCapacity(config.cluster().name(), sh,
                shorter(config.ssh().get().commandTimeout(), SSH_WAIT), 1, config.ssh().get().maxParallel(), clock, false));
        try {
            long deadline = System.nanoTime() + shorter(config.disk().poll().timeout(), SSH_WAIT).toNanos();
            Optional<SshDiskCapacity.Round> round = sizes.map(s -> s.start(catalogReading.last()));
            DiskReading disk;
            try {
                disk = DiskReading.of(clock.instant(), catalog.diskFree());
            } catch (CatalogUnavailableException e) {
                disk = DiskReading.NONE.failed(new ReadFailure(clock.instant(), e.reachability(), e.getMessage()));
            }
            if (round.isPresent()) {
                FileSystemSizes fs = sizes.get().finish(round.get(), deadline);
                disk = disk.isFresh() ? DiskReading.of(disk.readAt().orElseThrow(),
                        fs.apply(disk.rows(), catalogReading.last()), fs.checks()) : disk.withHosts(fs.checks());
            }
            return disk;
        } finally {
            sizes.ifPresent(SshDiskCapacity::close);
            shell.ifPresent(SshjHostShell::close);
        }
    }

    /** The configured SSH settings with a status command's patience. */
    static SshSettings quick(SshSettings s) {
        return new SshSettings(s.configFile(), s.user(), s.port(), s.identityFiles(), s.identityPassphrase(),
                s.knownHosts(), shorter(s.connectTimeout(), SSH_CONNECT), 0, shorter(s.commandTimeout(), SSH_WAIT),
                s.idleClose(), s.maxOutputBytes(), s.maxParallel(), s.hosts());
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
