package io.gpwarden.alerts.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.Event;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Location;
import io.gpwarden.alerts.MutableClock;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IncidentEngineTest {

    private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
    private final AtomicInteger ids = new AtomicInteger();
    private final List<Notification> sent = new ArrayList<>();

    /** warning → mail; critical → mail + snmp. */
    private static final Router ROUTES = (kind, severity) ->
            severity == Severity.CRITICAL ? List.of("mail", "snmp") : List.of("mail");

    private IncidentEngine engine(IncidentPolicy policy, ChannelRateLimiter.Limit limit) {
        return new IncidentEngine(k -> policy, ROUTES, new ChannelRateLimiter(limit),
                () -> "inc-" + ids.incrementAndGet(), clock, List.of());
    }

    private IncidentEngine engine() {
        return engine(IncidentPolicy.DEFAULT, ChannelRateLimiter.Limit.UNLIMITED);
    }

    private static Event segmentDown() {
        return Event.builder(EventKind.SEGMENT_DOWN, "segment/dbid=3")
                .where(Location.segment("sdw1", 3, 0, 6000))
                .summary("primary of content 0 is down")
                .actionTaken("FTS promoted the mirror on sdw2")
                .nextStep("run gprecoverseg")
                .build();
    }

    private void run(Decision d) {
        sent.addAll(d.notifications());
    }

    private List<String> sentAs(Transition t) {
        return sent.stream().filter(n -> n.transition() == t).map(Notification::channel).toList();
    }

    @Test
    void segmentDownThenBackSendsOneOpenedAndOneResolvedPerChannel() {
        IncidentEngine engine = engine();
        run(engine.raise(segmentDown()));
        clock.advanceSeconds(5);
        run(engine.raise(segmentDown()));
        run(engine.tick());
        clock.advanceSeconds(30);
        run(engine.clear("segment/dbid=3", "back up after gprecoverseg"));
        run(engine.tick());
        assertThat(sentAs(Transition.RESOLVED)).as("flap window not over yet").isEmpty();
        clock.advanceSeconds(61);
        run(engine.tick());
        run(engine.tick());

        assertThat(sentAs(Transition.OPENED)).containsExactly("mail", "snmp");
        assertThat(sentAs(Transition.RESOLVED)).containsExactly("mail", "snmp");
        Notification resolved = sent.get(sent.size() - 1);
        assertThat(resolved.incident().resolution()).isEqualTo("back up after gprecoverseg");
        assertThat(resolved.incident().isResolved()).isTrue();
        assertThat(resolved.sequence()).isEqualTo(2);
        assertThat(sent).extracting(Notification::id).doesNotHaveDuplicates();
        assertThat(engine.live()).isEmpty();
    }

    @Test
    void primaryKilledAndRestartedFiveTimesInAMinuteIsOneIncident() {
        IncidentEngine engine = engine();
        for (int i = 0; i < 5; i++) {
            run(engine.raise(segmentDown()));
            clock.advanceSeconds(6);
            run(engine.tick());
            run(engine.clear("segment/dbid=3", ""));
            clock.advanceSeconds(6);
            run(engine.tick());
        }
        clock.advanceSeconds(61);
        run(engine.tick());

        assertThat(sentAs(Transition.OPENED)).containsExactly("mail", "snmp");
        assertThat(sentAs(Transition.RESOLVED)).containsExactly("mail", "snmp");
        assertThat(sent).hasSize(4);
        assertThat(sent.get(3).incident().bounces()).isEqualTo(4);
        assertThat(sent).extracting(n -> n.incident().id()).containsOnly("inc-1");
    }

    @Test
    void escalationUpdatesTheIncidentAndReachesNewChannelsOnce() {
        IncidentEngine engine = engine();
        Event warn = Event.builder(EventKind.DISK_USAGE, "disk/sdw3:/data").severity(Severity.WARNING)
                .where(Location.path("sdw3", "/data")).summary("75 % used").build();
        Event crit = Event.builder(EventKind.DISK_USAGE, "disk/sdw3:/data").severity(Severity.CRITICAL)
                .where(Location.path("sdw3", "/data")).summary("92 % used").build();
        run(engine.raise(warn));
        run(engine.raise(crit));
        run(engine.raise(crit));
        run(engine.raise(warn));
        run(engine.clear("disk/sdw3:/data", "81 % used"));
        clock.advanceSeconds(120);
        run(engine.tick());

        assertThat(sent).extracting(n -> n.transition() + ">" + n.channel() + "#" + n.sequence())
                .containsExactly("OPENED>mail#1", "ESCALATED>mail#2", "ESCALATED>snmp#2",
                        "DEESCALATED>mail#3", "DEESCALATED>snmp#3", "RESOLVED>mail#4", "RESOLVED>snmp#4");
        assertThat(sent).extracting(n -> n.incident().id()).containsOnly("inc-1");
    }

    @Test
    void aBlipShorterThanTheOpenDelayIsNeverSent() {
        IncidentPolicy delayed = new IncidentPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ZERO,
                Duration.ofSeconds(30));
        IncidentEngine engine = engine(delayed, ChannelRateLimiter.Limit.UNLIMITED);
        run(engine.raise(segmentDown()));
        clock.advanceSeconds(5);
        run(engine.tick());
        run(engine.clear("segment/dbid=3", ""));
        clock.advanceSeconds(100);
        run(engine.tick());
        assertThat(sent).isEmpty();

        run(engine.raise(segmentDown()));
        clock.advanceSeconds(10);
        run(engine.tick());
        assertThat(sentAs(Transition.OPENED)).containsExactly("mail", "snmp");
        assertThat(sent.get(0).incident().openedAt()).isEqualTo(clock.instant().minusSeconds(10));
    }

    @Test
    void minimumOpenTimeHoldsTheResolve() {
        IncidentPolicy hold = new IncidentPolicy(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5),
                Duration.ofSeconds(30));
        IncidentEngine engine = engine(hold, ChannelRateLimiter.Limit.UNLIMITED);
        run(engine.raise(segmentDown()));
        clock.advanceSeconds(10);
        run(engine.clear("segment/dbid=3", ""));
        clock.advanceSeconds(200);
        run(engine.tick());
        assertThat(sentAs(Transition.RESOLVED)).isEmpty();
        clock.advanceSeconds(100);
        run(engine.tick());
        assertThat(sentAs(Transition.RESOLVED)).containsExactly("mail", "snmp");
    }

    @Test
    void noFlapWindowResolvesOnClear() {
        IncidentPolicy immediate = new IncidentPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        IncidentEngine engine = engine(immediate, ChannelRateLimiter.Limit.UNLIMITED);
        run(engine.raise(segmentDown()));
        Decision cleared = engine.clear("segment/dbid=3", "");
        run(cleared);
        assertThat(cleared.forgotten()).containsExactly("segment/dbid=3");
        assertThat(sentAs(Transition.RESOLVED)).containsExactly("mail", "snmp");
    }

    @Test
    void noticesAreDedupedWithinTheirWindow() {
        IncidentEngine engine = engine();
        Event promoted = Event.builder(EventKind.MIRROR_PROMOTED, "promoted/content=0").build();
        run(engine.raise(promoted));
        clock.advanceSeconds(10);
        run(engine.raise(promoted));
        clock.advanceSeconds(25);
        run(engine.raise(promoted));
        assertThat(sentAs(Transition.NOTICE)).containsExactly("mail", "mail");
        assertThat(engine.live()).isEmpty();
    }

    @Test
    void anUnchangedConditionRaisedEveryTickWritesNothing() {
        IncidentEngine engine = engine();
        assertThat(engine.raise(segmentDown()).saved()).hasSize(1);
        clock.advanceSeconds(1);
        assertThat(engine.raise(segmentDown())).isEqualTo(Decision.NONE);
        Event worse = Event.builder(EventKind.SEGMENT_DOWN, "segment/dbid=3")
                .where(Location.segment("sdw1", 3, 0, 6000)).summary("primary of content 0 is down")
                .detail("still refusing connections after 3 probes").build();
        Decision updated = engine.raise(worse);
        assertThat(updated.saved()).hasSize(1);
        assertThat(updated.notifications()).as("new detail is saved, not sent").isEmpty();
        assertThat(updated.saved().get(0).incident().actionTaken()).as("kept from before")
                .isEqualTo("FTS promoted the mirror on sdw2");
    }

    @Test
    void diskFillingPastNinetyAndBackIsOneCriticalAndOneResolved() {
        IncidentEngine engine = engine();
        Level level = Level.OK;
        for (double used : new double[] {50, 60, 91, 93, 89, 86, 91, 88, 86, 84, 80, 70, 66, 64, 50}) {
            Level next = Thresholds.DISK_PERCENT.next(level, used);
            level = next;
            var severity = next.severity();
            run(severity.isPresent()
                    ? engine.raise(Event.builder(EventKind.DISK_USAGE, "disk/sdw3:/data").severity(severity.get())
                            .where(Location.path("sdw3", "/data")).summary("filesystem is " + (int) used + " % used")
                            .build())
                    : engine.clear("disk/sdw3:/data", "back to " + (int) used + " % used"));
            clock.advanceSeconds(120);
            run(engine.tick());
        }
        assertThat(sent.stream().filter(n -> n.channel().equals("snmp"))
                .map(n -> n.transition() + " " + n.incident().severity()))
                .containsExactly("OPENED CRITICAL", "DEESCALATED WARNING", "RESOLVED WARNING");
        assertThat(sent.stream().filter(n -> n.incident().severity() == Severity.CRITICAL
                && n.transition() != Transition.RESOLVED).map(Notification::channel))
                .as("one critical per channel").containsExactly("mail", "snmp");
        assertThat(sentAs(Transition.RESOLVED)).containsExactly("mail", "snmp");
        assertThat(sent.get(sent.size() - 1).incident().resolution()).isEqualTo("back to 64 % used");
    }

    @Test
    void clearingAnUnknownKeyDoesNothing() {
        assertThat(engine().clear("nothing", "x")).isEqualTo(Decision.NONE);
    }

    @Test
    void rateLimitHidesNewIncidentsButNeverTheResolveOfAToldOne() {
        IncidentPolicy immediate = new IncidentPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        IncidentEngine engine = engine(immediate, new ChannelRateLimiter.Limit(2, Duration.ofMinutes(1)));
        for (int dbid = 1; dbid <= 5; dbid++) {
            run(engine.raise(Event.builder(EventKind.PAIR_NOT_IN_SYNC, "sync/" + dbid).build()));
        }
        assertThat(sentAs(Transition.OPENED)).containsExactly("mail", "mail");
        for (int dbid = 1; dbid <= 5; dbid++) {
            run(engine.clear("sync/" + dbid, ""));
        }
        assertThat(sentAs(Transition.RESOLVED)).containsExactly("mail", "mail");
        run(engine.tick());
        assertThat(sentAs(Transition.NOTICE)).as("no token yet").isEmpty();
        clock.advanceSeconds(61);
        run(engine.tick());
        List<Notification> notices = sent.stream().filter(n -> n.transition() == Transition.NOTICE).toList();
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).incident().kind()).isEqualTo(EventKind.NOTIFICATIONS_SUPPRESSED);
        assertThat(notices.get(0).incident().summary()).startsWith("3 notification(s) to channel mail");
        assertThat(notices.get(0).incident().detail()).contains("pair not in sync");
    }

    @Test
    void aRestartedEngineContinuesTheSameIncident() {
        IncidentEngine first = engine();
        run(first.raise(segmentDown()));
        List<IncidentState> persisted = first.live();

        IncidentEngine second = new IncidentEngine(k -> IncidentPolicy.DEFAULT, ROUTES,
                new ChannelRateLimiter(ChannelRateLimiter.Limit.UNLIMITED), () -> "inc-new", clock, persisted);
        run(second.raise(segmentDown()));
        run(second.clear("segment/dbid=3", ""));
        clock.advanceSeconds(61);
        run(second.tick());
        assertThat(sentAs(Transition.OPENED)).containsExactly("mail", "snmp");
        assertThat(sentAs(Transition.RESOLVED)).containsExactly("mail", "snmp");
        assertThat(sent).extracting(n -> n.incident().id()).containsOnly("inc-1");
    }

    @Test
    void anIncidentWithoutRoutesStillResolvesSilently() {
        IncidentEngine engine = new IncidentEngine(k -> IncidentPolicy.DEFAULT, (k, s) -> List.of(),
                new ChannelRateLimiter(ChannelRateLimiter.Limit.UNLIMITED), () -> "x", clock, List.of());
        run(engine.raise(segmentDown()));
        run(engine.clear("segment/dbid=3", ""));
        clock.advanceSeconds(61);
        Decision d = engine.tick();
        assertThat(d.forgotten()).containsExactly("segment/dbid=3");
        assertThat(sent).isEmpty();
    }
}
