package io.gpwarden.alerts.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.Event;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.MutableClock;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the controller observes, in whatever order, the engine keeps its promises. */
class IncidentEnginePropertiesTest {

    /** One step of a random scenario: raise/clear a key at a severity, then let seconds pass. */
    record Step(int key, boolean raise, Severity severity, int seconds) {
    }

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(true, false),
                Arbitraries.of(Severity.WARNING, Severity.CRITICAL), Arbitraries.integers().between(0, 90))
                .as(Step::new);
        return step.list().ofMaxSize(80);
    }

    @Property(tries = 300)
    void eachIncidentOpensAndResolvesAtMostOncePerChannelInOrder(@ForAll("scenarios") List<Step> steps) {
        MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
        AtomicInteger ids = new AtomicInteger();
        Router router = (k, s) -> s == Severity.CRITICAL ? List.of("mail", "snmp") : List.of("mail");
        IncidentPolicy policy = new IncidentPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ZERO,
                Duration.ofSeconds(30));
        IncidentEngine engine = new IncidentEngine(k -> policy, router,
                new ChannelRateLimiter(new ChannelRateLimiter.Limit(3, Duration.ofSeconds(20))),
                () -> "inc-" + ids.incrementAndGet(), clock, List.of());
        List<Notification> sent = new ArrayList<>();
        for (Step s : steps) {
            String key = "k" + s.key();
            Decision d = s.raise()
                    ? engine.raise(Event.builder(EventKind.DISK_USAGE, key).severity(s.severity()).build())
                    : engine.clear(key, "");
            sent.addAll(d.notifications());
            clock.advanceSeconds(s.seconds());
            sent.addAll(engine.tick().notifications());
        }
        clock.advanceSeconds(3600);
        sent.addAll(engine.tick().notifications());
        sent.addAll(engine.tick().notifications());

        Map<String, List<Notification>> byIncidentAndChannel = new HashMap<>();
        for (Notification n : sent) {
            if (n.incident().kind() == EventKind.DISK_USAGE) {
                byIncidentAndChannel.computeIfAbsent(n.incident().id() + "@" + n.channel(), x -> new ArrayList<>())
                        .add(n);
            }
        }
        assertThat(sent).extracting(Notification::id).doesNotHaveDuplicates();
        for (List<Notification> story : byIncidentAndChannel.values()) {
            // First contact is an OPENED or an ESCALATED; RESOLVED, if any, comes once and last.
            assertThat(story.get(0).transition()).isIn(Transition.OPENED, Transition.ESCALATED);
            assertThat(story.stream().filter(n -> n.transition() == Transition.OPENED).count()).isLessThanOrEqualTo(1);
            long resolved = story.stream().filter(n -> n.transition() == Transition.RESOLVED).count();
            assertThat(resolved).isLessThanOrEqualTo(1);
            if (resolved == 1) {
                assertThat(story.get(story.size() - 1).transition()).isEqualTo(Transition.RESOLVED);
            }
            for (int i = 1; i < story.size(); i++) {
                assertThat(story.get(i).sequence()).isGreaterThan(story.get(i - 1).sequence());
            }
        }
        // After a quiet hour with everything cleared or not, a cleared key has nothing left open.
        for (IncidentState state : engine.live()) {
            assertThat(state.phase()).isIn(Phase.OPEN, Phase.PENDING);
        }
    }
}
