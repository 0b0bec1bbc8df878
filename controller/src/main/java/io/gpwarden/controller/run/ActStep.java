package io.gpwarden.controller.run;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.controller.catalog.CatalogUnavailableException;
import io.gpwarden.controller.catalog.ClusterCatalog;
import io.gpwarden.controller.decide.Condition;
import io.gpwarden.controller.decide.ControllerAction;
import io.gpwarden.controller.decide.Decision;
import io.gpwarden.controller.decide.HealthDecider;
import io.gpwarden.controller.observe.Observation;
import io.gpwarden.controller.status.ClusterStatus;
import io.gpwarden.controller.status.ClusterStatus.ControllerView;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import io.gpwarden.controller.status.StateFile;
import io.gpwarden.controller.status.StatusBoard;
import io.gpwarden.controller.status.StatusViews;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The act step of a tick. In order: report to the incident engine (raise, notice, clear, then
 * let time pass), start requested actions in the background, publish the status, write the
 * state file when something changed. Each part is guarded on its own: a failing state file
 * does not stop alerting, and nothing here waits for a receiver or for Greenplum.
 *
 * <p>Invariants: at most one FTS probe request in flight (a second request while one runs is
 * dropped: the running one covers it); an incident left open by an earlier run is cleared only
 * on a tick whose readings could have shown it, and only if it is of a kind the decision
 * produces (the alerts module's own channel incidents are its business).
 */
public final class ActStep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActStep.class);

    private final String cluster;
    private final IncidentReporter incidents;
    private final ClusterCatalog catalog;
    private final StatusBoard board;
    private final StateFile stateFile;
    private final Instant startedAt;
    private final String endpoint;
    private final ExecutorService background;
    private final AtomicBoolean ftsInFlight = new AtomicBoolean();
    private String lastWritten = "";

    /** @param endpoint where the HTTP endpoint listens ({@code host:port}), or null when it is off */
    public ActStep(String cluster, IncidentReporter incidents, ClusterCatalog catalog, StatusBoard board,
                   StateFile stateFile, Instant startedAt, String endpoint) {
        this.cluster = cluster;
        this.incidents = incidents;
        this.catalog = catalog;
        this.board = board;
        this.stateFile = stateFile;
        this.startedAt = startedAt;
        this.endpoint = endpoint;
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gpwarden-actions");
            t.setDaemon(true);
            return t;
        });
    }

    public void apply(Decision decision, Observation observation, ControllerLoop.TickStats stats) {
        report(decision, observation);
        for (ControllerAction action : decision.actions()) {
            start(action);
        }
        publish(decision, observation, stats);
    }

    private void report(Decision decision, Observation observation) {
        try {
            for (Condition c : decision.raised()) {
                incidents.raise(c);
            }
            for (Condition c : decision.changed()) {
                incidents.raise(c);
            }
            for (Condition c : decision.notices()) {
                incidents.notice(c);
            }
            for (Decision.Cleared c : decision.cleared()) {
                incidents.clear(c.condition(), c.resolution());
            }
            clearLeftovers(decision, observation);
            incidents.tick();
        } catch (RuntimeException e) {
            log.error("{}: reporting to the incident engine failed; the conditions are reported again next tick",
                    cluster, e);
        }
    }

    /** Incidents an earlier run opened that no longer hold, once this tick's readings could show them. */
    private void clearLeftovers(Decision decision, Observation observation) {
        Set<String> active = decision.active().stream().map(Condition::key).collect(Collectors.toSet());
        boolean catalogFresh = observation.catalog().fresh().isPresent();
        boolean diskFresh = observation.disk().isFresh();
        for (IncidentView open : incidents.open()) {
            if (active.contains(open.key()) || !HealthDecider.CONDITION_KINDS.contains(EventKind.parse(open.kind()))) {
                continue;
            }
            boolean disk = open.kind().equals(EventKind.DISK_USAGE.slug()) || open.kind().equals(EventKind.DISK_FORECAST.slug());
            if (disk ? diskFresh : catalogFresh) {
                incidents.clearKey(open.key(), "no longer observed");
            }
        }
    }

    private void start(ControllerAction action) {
        if (action instanceof ControllerAction.RequestFtsProbe fts) {
            if (!ftsInFlight.compareAndSet(false, true)) {
                return;
            }
            background.execute(() -> {
                try {
                    catalog.requestFtsProbe();
                    log.info("{}: FTS probe scan done after: {}", cluster, fts.reason());
                } catch (CatalogUnavailableException e) {
                    log.warn("{}: FTS probe scan request failed: {}", cluster, e.getMessage());
                } finally {
                    ftsInFlight.set(false);
                }
            });
        }
    }

    private void publish(Decision decision, Observation observation, ControllerLoop.TickStats stats) {
        List<IncidentView> open;
        int undelivered;
        try {
            open = incidents.open();
            undelivered = incidents.undelivered();
        } catch (RuntimeException e) {
            log.warn("{}: cannot list open incidents: {}", cluster, e.toString());
            open = List.of();
            undelivered = -1;
        }
        ControllerView controller = new ControllerView(startedAt.toString(), stats.ticks(), stats.lateTicks(),
                stats.lastTickMillis(), undelivered, endpoint);
        ClusterStatus status = StatusViews.of(cluster, "controller", observation, decision, open, controller);
        board.publish(status);
        String signature = decision.health() + "|" + decision.active().stream()
                .map(c -> c.key() + "=" + c.severity() + ":" + c.summary()).collect(Collectors.joining(",")) + "|"
                + open.stream().map(IncidentView::id).collect(Collectors.joining(","));
        if (signature.equals(lastWritten)) {
            return;
        }
        try {
            stateFile.write(new StateFile.ControllerState(status, decision.active()));
            lastWritten = signature;
        } catch (IOException | RuntimeException e) {
            log.warn("{}: cannot write the state file {}: {}", cluster, stateFile.path(), e.toString());
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
