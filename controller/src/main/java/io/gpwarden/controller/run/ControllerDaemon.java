package io.gpwarden.controller.run;

import io.gpwarden.controller.catalog.JdbcClusterCatalog;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.decide.DiskVerdicts;
import io.gpwarden.controller.decide.HealthDecider;
import io.gpwarden.controller.decide.HealthMemory;
import io.gpwarden.controller.decide.Condition;
import io.gpwarden.controller.jdbc.PgConnector;
import io.gpwarden.controller.observe.LatestReadings;
import io.gpwarden.controller.observe.Observer;
import io.gpwarden.controller.probe.JdbcInstanceProbe;
import io.gpwarden.controller.probe.ProbeRounds;
import io.gpwarden.controller.ssh.HostShell;
import io.gpwarden.controller.ssh.SshDiskCapacity;
import io.gpwarden.controller.ssh.SshTargets;
import io.gpwarden.controller.ssh.SshjHostShell;
import io.gpwarden.controller.status.StateFile;
import io.gpwarden.controller.status.StatusBoard;
import io.gpwarden.controller.status.StatusHttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running controller for one cluster, wired from its configuration: the catalog and disk reads
 * (with file system sizes over SSH when configured) and the tick on their schedules, the HTTP
 * endpoint, and the state file. Starting checks the SSH files (a wrong one is a
 * {@link io.gpwarden.config.ConfigException} before anything starts), reads the catalog once (so
 * the first probe round knows the primaries) and restores the conditions the last run recorded
 * (so what ended meanwhile is resolved, not forgotten).
 */
public final class ControllerDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControllerDaemon.class);

    private final ControllerConfig config;
    private final ProbeRounds rounds;
    private final ActStep act;
    private final Schedules schedules;
    private final StatusHttpServer http;
    private final StatusBoard board;
    private final ControllerLoop loop;
    private final Optional<SshDiskCapacity> sizes;
    private final Optional<HostShell> shell;

    private ControllerDaemon(ControllerConfig config, ProbeRounds rounds, ActStep act, Schedules schedules,
                             StatusHttpServer http, StatusBoard board, ControllerLoop loop,
                             Optional<SshDiskCapacity> sizes, Optional<HostShell> shell) {
        this.sizes = sizes;
        this.shell = shell;
        this.config = config;
        this.rounds = rounds;
        this.act = act;
        this.schedules = schedules;
        this.http = http;
        this.board = board;
        this.loop = loop;
    }

    public static ControllerDaemon start(ControllerConfig config, IncidentReporter incidents, Clock clock)
            throws IOException, SchedulerException {
        String name = config.cluster().name();
        // File names and the passphrase reference first: a wrong one stops us before anything starts.
        Optional<SshTargets> sshTargets = config.ssh().map(SshTargets::load);
        PgConnector connector = new PgConnector(config.cluster());
        JdbcClusterCatalog catalog = new JdbcClusterCatalog(connector, config.cluster()::coordinator,
                config.catalog().timeout(), config.disk().poll().timeout(), config.disk().capacityTable(), clock);
        Optional<HostShell> shell = sshTargets.map(SshjHostShell::new);
        Optional<SshDiskCapacity> sizes = config.sizesOverSsh()
                ? shell.map(sh -> new SshDiskCapacity(name, sh, commandTimeout(config), config.disk().capacityRefreshReads(),
                        config.ssh().get().maxParallel(), clock))
                : Optional.empty();
        LatestReadings readings = new LatestReadings(sizes.isPresent());
        BackgroundReads reads = new BackgroundReads(name, catalog, readings, sizes, config.disk().poll().timeout(), clock);
        reads.readCatalog();

        StateFile stateFile = new StateFile(config.stateDirectory());
        HealthMemory memory = restore(stateFile, name);
        ProbeRounds rounds = new ProbeRounds(new JdbcInstanceProbe(connector, config.probes().timeout(),
                config.cluster().segmentUtilityMode(), clock), config.probes().timeout(), clock);
        Observer observer = new Observer(rounds, config.cluster().coordinator(), config.cluster().standby(), readings, clock);
        HealthDecider decider = new HealthDecider(name, config.probes().confirmations(),
                config.probes().notServingAfter(), config.standby(),
                config.cluster().standby().isPresent(), new DiskVerdicts(config.disk()));
        StatusBoard board = new StatusBoard();
        StatusHttpServer http = null;
        Schedules schedules = null;
        ActStep act = null;
        try {
            if (config.http().enabled()) {
                http = StatusHttpServer.start(config.http().bind(), config.http().port(), board);
            }
            act = new ActStep(name, incidents, catalog, board, stateFile, clock.instant(),
                    http == null ? null : hostPort(http.address()));
            ControllerLoop loop = new ControllerLoop(name, observer, decider, act,
                    new LateTicks(config.probes().interval()), memory);

            schedules = new Schedules(name);
            schedules.every("tick", config.probes().interval(), Duration.ZERO, loop::tick);
            schedules.every("catalog", config.catalog().interval(), config.catalog().interval(), reads::readCatalog);
            schedules.every("disk", config.disk().poll().interval(), Duration.ZERO, reads::readDisk);
            schedules.start();
            log.info("{}: controller started: probes every {} ms (timeout {} ms, {} confirmations), catalog every {} ms,"
                            + " disk every {} s ({}){}", name, config.probes().interval().toMillis(),
                    config.probes().timeout().toMillis(), config.probes().confirmations(),
                    config.catalog().interval().toMillis(), config.disk().poll().interval().toSeconds(),
                    sizeSource(config, sshTargets), http == null ? "" : ", status on http://" + hostPort(http.address()) + "/status");
            return new ControllerDaemon(config, rounds, act, schedules, http, board, loop, sizes, shell);
        } catch (IOException | SchedulerException | RuntimeException e) {
            if (schedules != null) {
                schedules.close();
            }
            if (http != null) {
                http.close();
            }
            if (act != null) {
                act.close();
            }
            sizes.ifPresent(SshDiskCapacity::close);
            shell.ifPresent(HostShell::close);
            rounds.close();
            throw e;
        }
    }

    /** Where disk percentages come from, for the start-up line. */
    static String sizeSource(ControllerConfig config, Optional<SshTargets> targets) {
        if (config.disk().capacityTable().isPresent()) {
            return "sizes from " + config.disk().capacityTable().get();
        }
        return targets.map(t -> "sizes from df over SSH, " + t).orElse("no sizes: free space only");
    }

    /** One host's df: the configured command timeout, but never past the disk read's own timeout. */
    static Duration commandTimeout(ControllerConfig config) {
        Duration command = config.ssh().orElseThrow().commandTimeout();
        Duration disk = config.disk().poll().timeout();
        return command.compareTo(disk) < 0 ? command : disk;
    }

    private static HealthMemory restore(StateFile stateFile, String name) {
        try {
            Optional<StateFile.ControllerState> state = stateFile.read();
            if (state.isEmpty()) {
                return HealthMemory.EMPTY;
            }
            Map<String, Condition> active = new LinkedHashMap<>();
            state.get().conditions().forEach(c -> active.put(c.key(), c));
            log.info("{}: restored {} condition(s) from {}", name, active.size(), stateFile.path());
            return HealthMemory.restored(active);
        } catch (IOException e) {
            log.warn("{}: starting without the previous state: {}", name, e.getMessage());
            return HealthMemory.EMPTY;
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** Where the HTTP endpoint listens, when it is enabled. */
    public Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(http).map(StatusHttpServer::address);
    }

    public StatusBoard board() {
        return board;
    }

    public ControllerLoop loop() {
        return loop;
    }

    public ControllerConfig config() {
        return config;
    }

    @Override
    public void close() {
        schedules.close();
        if (http != null) {
            http.close();
        }
        act.close();
        sizes.ifPresent(SshDiskCapacity::close);
        shell.ifPresent(HostShell::close);
        rounds.close();
        log.info("{}: controller stopped", config.cluster().name());
    }
}
