package io.gpwarden.controller.run;

import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.EventKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.CatalogUnavailableException;
import io.gpwarden.controller.catalog.ClusterCatalog;
import io.gpwarden.controller.catalog.DiskFree;
import io.gpwarden.controller.decide.ClusterHealth;
import io.gpwarden.controller.decide.Condition;
import io.gpwarden.controller.decide.ControllerAction;
import io.gpwarden.controller.decide.Decision;
import io.gpwarden.controller.decide.HealthMemory;
import io.gpwarden.controller.decide.Source;
import io.gpwarden.controller.jdbc.Reachability;
import io.gpwarden.controller.observe.CatalogReading;
import io.gpwarden.controller.observe.DiskReading;
import io.gpwarden.controller.observe.Observation;
import io.gpwarden.controller.observe.ReadFailure;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import io.gpwarden.controller.status.StateFile;
import io.gpwarden.controller.status.StatusBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActStepTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    /** Records every call in order; "open" incidents are whatever the test says. */
    static final class RecordingIncidents implements IncidentReporter {
        final List<String> calls = new ArrayList<>();
        final List<IncidentView> open = new ArrayList<>();

        @Override
        public void raise(Condition c) {
            calls.add("raise " + c.key());
        }

        @Override
        public void notice(Condition c) {
            calls.add("notice " + c.key());
        }

        @Override
        public void clear(Condition c, String resolution) {
            calls.add("clear " + c.key() + ": " + resolution);
        }

        @Override
        public void clearKey(String key, String resolution) {
            calls.add("clear " + key + ": " + resolution);
        }

        @Override
        public void tick() {
            calls.add("tick");
        }

        @Override
        public List<IncidentView> open() {
            return open;
        }

        @Override
        public int undelivered() {
            return 0;
        }
    }

    /** An FTS scan that waits until the test lets it finish, counting requests. */
    static final class SlowFtsCatalog implements ClusterCatalog {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public CatalogSnapshot read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DiskFree> diskFree() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void requestFtsProbe() throws CatalogUnavailableException {
            requests.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @TempDir
    Path dir;
    private final RecordingIncidents incidents = new RecordingIncidents();
    private final SlowFtsCatalog catalog = new SlowFtsCatalog();
    private ActStep act;

    private ActStep act() {
        act = new ActStep("prod", incidents, catalog, new StatusBoard(), new StateFile(dir), T0, null);
        return act;
    }

    @AfterEach
    void close() {
        catalog.release.countDown();
        if (act != null) {
            act.close();
        }
    }

    private static Condition condition(EventKind kind, String key) {
        return Condition.builder(kind, key, Source.PROBE, T0).severity(Severity.CRITICAL).summary(key + " happened").build();
    }

    private static Decision decision(List<Condition> active, List<Condition> raised, List<Decision.Cleared> cleared,
                                     List<Condition> notices, List<ControllerAction> actions) {
        return new Decision(HealthMemory.EMPTY, active.isEmpty() ? ClusterHealth.HEALTHY : ClusterHealth.DEGRADED,
                active, raised, List.of(), cleared, notices, actions, "prod: test");
    }

    private static Observation observation(boolean catalogFresh) {
        CatalogSnapshot snapshot = new CatalogSnapshot(T0, "v", List.of(), List.of(), OptionalLong.empty());
        CatalogReading reading = catalogFresh ? CatalogReading.of(snapshot)
                : CatalogReading.of(snapshot).failed(new ReadFailure(T0, Reachability.DOWN, "down"));
        return new Observation(T0, Map.of(), reading, DiskReading.NONE);
    }

    private static final ControllerLoop.TickStats STATS = new ControllerLoop.TickStats(1, 0, 2.0);

    @Test
    void reportsInOrderRaiseNoticeClearThenTick() {
        Condition down = condition(EventKind.SEGMENT_DOWN, "segment-down/dbid=2");
        Condition promoted = condition(EventKind.MIRROR_PROMOTED, "mirror-promoted/content=0");
        Condition old = condition(EventKind.STANDBY_LAGGING, "standby-lagging");
        act().apply(decision(List.of(down), List.of(down), List.of(new Decision.Cleared(old, "caught up")),
                List.of(promoted), List.of()), observation(true), STATS);
        assertThat(incidents.calls).containsExactly("raise segment-down/dbid=2", "notice mirror-promoted/content=0",
                "clear standby-lagging: caught up", "tick");
    }

    @Test
    void incidentsLeftByAnEarlierRunAreClearedOnlyWhenTheCatalogCouldShowThem() {
        incidents.open.add(new IncidentView("i1", "pair-not-in-sync/content=3", "pair-not-in-sync", "WARNING",
                T0.toString(), "seg3 not in sync", 0));
        act().apply(decision(List.of(), List.of(), List.of(), List.of(), List.of()), observation(false), STATS);
        assertThat(incidents.calls).containsExactly("tick");
        act.apply(decision(List.of(), List.of(), List.of(), List.of(), List.of()), observation(true), STATS);
        assertThat(incidents.calls).containsExactly("tick", "clear pair-not-in-sync/content=3: no longer observed", "tick");
    }

    @Test
    void atMostOneFtsRequestRunsAtATime() throws Exception {
        ControllerAction fts = new ControllerAction.RequestFtsProbe("seg0 down");
        act().apply(decision(List.of(), List.of(), List.of(), List.of(), List.of(fts)), observation(true), STATS);
        Thread.sleep(100);
        act.apply(decision(List.of(), List.of(), List.of(), List.of(), List.of(fts)), observation(true), STATS);
        assertThat(catalog.requests.get()).isEqualTo(1);
        catalog.release.countDown();
        Thread.sleep(200);
        act.apply(decision(List.of(), List.of(), List.of(), List.of(), List.of(fts)), observation(true), STATS);
        Thread.sleep(200);
        assertThat(catalog.requests.get()).isEqualTo(2);
    }

    @Test
    void theStateFileIsWrittenWhenWhatHoldsChanges() throws Exception {
        Condition down = condition(EventKind.SEGMENT_DOWN, "segment-down/dbid=2");
        act().apply(decision(List.of(), List.of(), List.of(), List.of(), List.of()), observation(true), STATS);
        Path file = dir.resolve(StateFile.NAME);
        long first = Files.getLastModifiedTime(file).toMillis();
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(first - 10_000));
        act.apply(decision(List.of(), List.of(), List.of(), List.of(), List.of()), observation(true), STATS);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(first - 10_000);
        act.apply(decision(List.of(down), List.of(down), List.of(), List.of(), List.of()), observation(true), STATS);
        assertThat(new StateFile(dir).read().orElseThrow().conditions()).extracting(Condition::key)
                .containsExactly("segment-down/dbid=2");
    }
}
