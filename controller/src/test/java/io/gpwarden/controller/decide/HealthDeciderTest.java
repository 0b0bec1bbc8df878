package io.gpwarden.controller.decide;

import static io.gpwarden.controller.decide.ClusterScenarios.T0;
import static io.gpwarden.controller.decide.ClusterScenarios.afterPromotion;
import static io.gpwarden.controller.decide.ClusterScenarios.healthy;
import static io.gpwarden.controller.decide.ClusterScenarios.healthyCatalog;
import static io.gpwarden.controller.decide.ClusterScenarios.observe;
import static io.gpwarden.controller.decide.ClusterScenarios.recoveredNotRebalanced;
import static io.gpwarden.controller.decide.ClusterScenarios.unreadable;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.jdbc.Reachability;
import io.gpwarden.controller.observe.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthDeciderTest {
    private final HealthDecider decider = ClusterScenarios.decider();
    private HealthMemory memory = HealthMemory.EMPTY;
    private final List<Decision> history = new ArrayList<>();

    private Decision tick(Observation o) {
        Decision d = decider.decide(memory, o);
        memory = d.memory();
        history.add(d);
        return d;
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aHealthyClusterSaysSoInOneLine() {
        Decision d = tick(healthy(T0));
        assertThat(d.health()).isEqualTo(ClusterHealth.HEALTHY);
        assertThat(d.active()).isEmpty();
        assertThat(d.raised()).isEmpty();
        assertThat(d.sentence()).isEqualTo(
                "prod: healthy: coordinator, standby and 4 primaries answer; 4 pairs in sync, all in preferred roles");
    }

    @Test
    void aKilledPrimaryIsDownAfterThreeFailedProbesAndAsksFtsToCatchUp() {
        tick(healthy(at(0)));
        Map<String, Reachability> refused = Map.of("dbid=2", Reachability.DOWN);
        Decision first = tick(observe(at(1), healthyCatalog(at(1)), refused));
        assertThat(first.raised()).isEmpty();
        assertThat(first.health()).isEqualTo(ClusterHealth.HEALTHY);
        assertThat(first.sentence()).endsWith("| watching dbid=2 failed 1/3");
        tick(observe(at(2), healthyCatalog(at(1)), refused));
        Decision third = tick(observe(at(3), healthyCatalog(at(1)), refused));

        assertThat(third.raised()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("segment-down/dbid=2");
            assertThat(c.kind()).isEqualTo(EventKind.SEGMENT_DOWN);
            assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(c.since()).isEqualTo(at(1));
            assertThat(c.summary()).isEqualTo(
                    "primary seg0 (dbid 2) on sdw1:6000 refuses connections (Connection to sdw1:6000 refused.)");
            assertThat(c.nextStep()).contains("gprecoverseg -a");
        });
        assertThat(third.actions()).singleElement().isInstanceOf(ControllerAction.RequestFtsProbe.class);
        assertThat(third.health()).isEqualTo(ClusterHealth.DEGRADED);
        assertThat(third.sentence()).startsWith("prod: degraded: 1 condition: primary seg0 (dbid 2) on sdw1:6000"
                + " refuses connections").endsWith("| raised segment-down/dbid=2");

        Decision fourth = tick(observe(at(4), healthyCatalog(at(1)), refused));
        assertThat(fourth.raised()).isEmpty();
        assertThat(fourth.actions()).isEmpty();
    }

    @Test
    void theSameSegmentIsOneConditionFromProbeToFtsPromotionToRecovery() {
        tick(healthy(at(0)));
        Map<String, Reachability> refused = Map.of("dbid=2", Reachability.DOWN);
        for (int s = 1; s <= 3; s++) {
            tick(observe(at(s), healthyCatalog(at(0)), refused));
        }
        // FTS promoted mirror dbid 6; dbid 2 is a down mirror now and no longer probed.
        Decision promoted = tick(observe(at(4), afterPromotion(at(4), 0), Map.of()));
        assertThat(promoted.raised()).extracting(Condition::key)
                .containsExactlyInAnyOrder("pair-not-in-sync/content=0", "not-preferred-role");
        assertThat(promoted.cleared()).isEmpty();
        assertThat(promoted.changed()).extracting(Condition::key).containsExactly("segment-down/dbid=2");
        assertThat(promoted.notices()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(EventKind.MIRROR_PROMOTED);
            assertThat(n.summary()).isEqualTo(
                    "mirror seg0 (dbid 6) on sdw2:7000 was promoted to primary after primary dbid 2 on sdw1 failed");
        });
        assertThat(memory.active().get("segment-down/dbid=2").since()).isEqualTo(at(1));
        Condition skew = memory.active().get("not-preferred-role");
        assertThat(skew.summary()).isEqualTo(
                "1 pair not in preferred role: sdw1 carries 1 primary (preferred 2), sdw2 carries 3 primaries (preferred 2)");

        Decision again = tick(observe(at(5), afterPromotion(at(5), 0), Map.of()));
        assertThat(again.raised()).isEmpty();
        assertThat(again.notices()).isEmpty();

        Decision recovered = tick(observe(at(60), recoveredNotRebalanced(at(60), 0), Map.of()));
        assertThat(recovered.cleared()).extracting(c -> c.condition().key() + ": " + c.resolution())
                .containsExactlyInAnyOrder("segment-down/dbid=2: dbid 2 on sdw1 is up again",
                        "pair-not-in-sync/content=0: seg0 is in sync again");
        assertThat(recovered.active()).extracting(Condition::key).containsExactly("not-preferred-role");

        Decision rebalanced = tick(healthy(at(120)));
        assertThat(rebalanced.cleared()).extracting(c -> c.resolution())
                .containsExactly("every segment is in its preferred role again");
        assertThat(rebalanced.health()).isEqualTo(ClusterHealth.HEALTHY);
        long raisedSegmentDown = history.stream().flatMap(d -> d.raised().stream())
                .filter(c -> c.key().equals("segment-down/dbid=2")).count();
        assertThat(raisedSegmentDown).isEqualTo(1);
    }

    @Test
    void aFrozenPrimaryCountsAsDown() {
        tick(healthy(at(0)));
        Map<String, Reachability> frozen = Map.of("dbid=4", Reachability.UNRESPONSIVE);
        Decision d = null;
        for (int s = 1; s <= 3; s++) {
            d = tick(observe(at(s), healthyCatalog(at(0)), frozen));
        }
        assertThat(d.raised()).singleElement().extracting(Condition::summary)
                .isEqualTo("primary seg2 (dbid 4) on sdw2:6000 does not answer (no answer within 800 ms)");
    }

    @Test
    void aWrongPasswordIsAConfigurationAlertAndNeverADownSegment() {
        tick(healthy(at(0)));
        Map<String, Reachability> rejected = Map.of("coordinator", Reachability.LOGIN_REJECTED,
                "standby", Reachability.LOGIN_REJECTED, "dbid=2", Reachability.LOGIN_REJECTED,
                "dbid=3", Reachability.LOGIN_REJECTED, "dbid=4", Reachability.LOGIN_REJECTED,
                "dbid=5", Reachability.LOGIN_REJECTED);
        CatalogSnapshot last = healthyCatalog(at(0));
        Decision d = null;
        for (int s = 1; s <= 10; s++) {
            d = tick(observe(at(s), unreadable(last, at(s), Reachability.LOGIN_REJECTED), rejected));
        }
        assertThat(d.active()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(EventKind.CONFIGURATION_ERROR);
            assertThat(c.summary()).isEqualTo("the database rejects gpwarden's login:"
                    + " FATAL: password authentication failed for user \"gpadmin\"");
            assertThat(c.nextStep()).contains("cluster.password");
        });
        assertThat(history.stream().flatMap(x -> x.raised().stream()).map(Condition::kind))
                .containsExactly(EventKind.CONFIGURATION_ERROR);
        assertThat(d.health()).isEqualTo(ClusterHealth.DEGRADED);
    }

    @Test
    void busyOrStartingServersAreAliveAndResetTheStreak() {
        tick(healthy(at(0)));
        tick(observe(at(1), healthyCatalog(at(0)), Map.of("dbid=2", Reachability.DOWN)));
        tick(observe(at(2), healthyCatalog(at(0)), Map.of("dbid=2", Reachability.DOWN)));
        tick(observe(at(3), healthyCatalog(at(0)), Map.of("dbid=2", Reachability.STARTING)));
        tick(observe(at(4), healthyCatalog(at(0)), Map.of("dbid=2", Reachability.DOWN)));
        Decision d = tick(observe(at(5), healthyCatalog(at(0)), Map.of("dbid=2", Reachability.BUSY)));
        assertThat(history.stream().flatMap(x -> x.raised().stream())).isEmpty();
        assertThat(d.health()).isEqualTo(ClusterHealth.HEALTHY);
    }

    @Test
    void aCoordinatorOutOfConnectionSlotsForThirtySecondsIsNotServingAndNeverDown() {
        tick(healthy(at(0)));
        Map<String, Reachability> full = Map.of("coordinator", Reachability.BUSY);
        for (int s = 1; s <= 30; s++) {
            Decision d = tick(observe(at(s), healthyCatalog(at(0)), full));
            assertThat(d.raised()).as("second " + s + ": refusing for less than 30 s").isEmpty();
        }
        Decision d = tick(observe(at(31), healthyCatalog(at(0)), full));
        assertThat(d.raised()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("instance-not-serving/coordinator");
            assertThat(c.kind()).isEqualTo(EventKind.INSTANCE_NOT_SERVING);
            assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(c.since()).isEqualTo(at(1));
            assertThat(c.summary()).isEqualTo("coordinator cdw:5432 is alive but refuses new sessions: out of connection"
                    + " slots or resources (53300)");
            assertThat(c.nextStep()).contains("pg_stat_activity").contains("max_connections");
        });
        Decision back = tick(healthy(at(32)));
        assertThat(back.cleared()).extracting(c -> c.condition().key() + ": " + c.resolution())
                .containsExactly("instance-not-serving/coordinator: it no longer refuses sessions (it accepts them again,"
                        + " or stopped answering: then segment-down or coordinator-unreachable says so)");
        assertThat(history.stream().flatMap(x -> x.raised().stream()).map(Condition::kind))
                .containsExactly(EventKind.INSTANCE_NOT_SERVING);
    }

    @Test
    void aRestartThatTakesSecondsIsNothingButARecoveryThatLastsIsNotServing() {
        tick(healthy(at(0)));
        Map<String, Reachability> starting = Map.of("dbid=2", Reachability.STARTING, "standby", Reachability.STARTING);
        for (int s = 1; s <= 5; s++) {
            tick(observe(at(s), healthyCatalog(at(0)), starting));
        }
        tick(healthy(at(6)));
        assertThat(history.stream().flatMap(x -> x.raised().stream())).isEmpty();

        Decision d = null;
        for (int s = 10; s <= 40; s++) {
            d = tick(observe(at(s), healthyCatalog(at(0)), starting));
        }
        assertThat(d.raised()).extracting(Condition::key, Condition::severity).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("instance-not-serving/dbid=2", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("instance-not-serving/standby", Severity.WARNING));
        assertThat(d.raised()).filteredOn(c -> c.key().endsWith("dbid=2")).singleElement()
                .satisfies(c -> assertThat(c.nextStep()).contains("recovery").contains("sdw1"));
    }

    @Test
    void anUnreachableCoordinatorKeepsWhatTheCatalogLastShowed() {
        tick(observe(at(0), afterPromotion(at(0), 1), Map.of()));
        assertThat(memory.active()).containsKeys("segment-down/dbid=3", "pair-not-in-sync/content=1");
        CatalogSnapshot last = afterPromotion(at(0), 1);
        Map<String, Reachability> down = Map.of("coordinator", Reachability.DOWN);
        Decision d = null;
        for (int s = 1; s <= 3; s++) {
            d = tick(observe(at(s), unreadable(last, at(s), Reachability.DOWN), down));
        }
        assertThat(d.health()).isEqualTo(ClusterHealth.UNREACHABLE);
        assertThat(d.cleared()).isEmpty();
        assertThat(d.raised()).extracting(Condition::key).containsExactly("coordinator-unreachable");
        assertThat(d.active()).extracting(Condition::key).contains("segment-down/dbid=3", "pair-not-in-sync/content=1");
        assertThat(d.sentence()).contains("catalog not read: down");

        Decision back = tick(observe(at(10), healthyCatalog(at(10)), Map.of()));
        assertThat(back.cleared()).extracting(c -> c.condition().key()).containsExactlyInAnyOrder(
                "coordinator-unreachable", "segment-down/dbid=3", "pair-not-in-sync/content=1", "not-preferred-role");
    }

    @Test
    void theStandbyMustStreamAndKeepUp() {
        Decision lagging = tick(observe(at(0), ClusterScenarios.standbyLagging(at(0), 200L << 20), Map.of()));
        assertThat(lagging.raised()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("standby-lagging");
            assertThat(c.summary()).isEqualTo("standby coordinator scdw:5432 is 200 MB behind (limit 64.0 MB)");
            assertThat(c.facts()).containsEntry("replay_lag_bytes", Long.toString(200L << 20));
        });
        Decision stopped = tick(observe(at(3), ClusterScenarios.standbyNotStreaming(at(3)), Map.of()));
        assertThat(stopped.raised()).extracting(Condition::summary).containsExactly(
                "standby coordinator scdw:5432 is not streaming: the coordinator has no WAL sender to it");
        assertThat(stopped.cleared()).extracting(c -> c.condition().key()).containsExactly("standby-lagging");
    }

    @Test
    void aRestartedControllerResolvesWhatEndedWhileItWasAway() {
        Decision before = tick(observe(at(0), afterPromotion(at(0), 0), Map.of()));
        Map<String, Condition> saved = before.memory().active();
        memory = HealthMemory.restored(saved);
        Decision after = tick(healthy(at(600)));
        assertThat(after.raised()).isEmpty();
        assertThat(after.cleared()).hasSize(saved.size());
    }
}
