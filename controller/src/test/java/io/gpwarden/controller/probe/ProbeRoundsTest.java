package io.gpwarden.controller.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.controller.config.Endpoint;
import io.gpwarden.controller.jdbc.Reachability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeRoundsTest {
    private static final ProbeTarget COORDINATOR = ProbeTarget.coordinator(new Endpoint("cdw", 5432));
    private static final ProbeTarget SEG0 = new ProbeTarget("dbid=2", ProbeTarget.Kind.PRIMARY,
            new Endpoint("sdw1", 6000), 2, 0, "sdw1");
    private static final ProbeTarget SEG1 = new ProbeTarget("dbid=3", ProbeTarget.Kind.PRIMARY,
            new Endpoint("sdw2", 6000), 3, 1, "sdw2");

    private final CountDownLatch thaw = new CountDownLatch(1);

    /** Answers per target as told; a "frozen" target blocks until the test thaws it; counts calls. */
    private final class ScriptedProbe implements InstanceProbe {
        final Map<String, Reachability> answers = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public ProbeResult probe(ProbeTarget target) {
            calls.computeIfAbsent(target.id(), k -> new AtomicInteger()).incrementAndGet();
            Reachability r = answers.getOrDefault(target.id(), Reachability.UP);
            if (r == Reachability.UNRESPONSIVE) {
                try {
                    thaw.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ProbeResult(target, r == Reachability.UNRESPONSIVE ? Reachability.UP : r,
                    Instant.EPOCH, Duration.ZERO, "", "");
        }

        int calls(ProbeTarget t) {
            return calls.getOrDefault(t.id(), new AtomicInteger()).get();
        }
    }

    private final MutableClock clock = new MutableClock();
    private final ScriptedProbe probe = new ScriptedProbe();
    private final ProbeRounds rounds = new ProbeRounds(probe, Duration.ofMillis(200), clock);

    @AfterEach
    void thawAndClose() {
        thaw.countDown();
        rounds.close();
    }

    @Test
    void frozenInstancesCostOneTimeoutPerRoundAndNoExtraThreads() {
        probe.answers.put(SEG0.id(), Reachability.UNRESPONSIVE);
        probe.answers.put(SEG1.id(), Reachability.UNRESPONSIVE);

        long start = System.nanoTime();
        Map<String, ProbeResult> first = rounds.run(List.of(COORDINATOR, SEG0, SEG1));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(first.keySet()).containsExactly("coordinator", "dbid=2", "dbid=3");
        assertThat(first.get("coordinator").reachability()).isEqualTo(Reachability.UP);
        assertThat(first.get("dbid=2").reachability()).isEqualTo(Reachability.UNRESPONSIVE);
        assertThat(first.get("dbid=3").reachability()).isEqualTo(Reachability.UNRESPONSIVE);
        assertThat(elapsed).isLessThan(Duration.ofMillis(2000));

        Map<String, ProbeResult> second = rounds.run(List.of(COORDINATOR, SEG0, SEG1));
        assertThat(second.get("dbid=2").detail()).contains("has not returned");
        assertThat(probe.calls(SEG0)).isEqualTo(1);
        assertThat(probe.calls(COORDINATOR)).isEqualTo(2);
    }

    @Test
    void aThawedInstanceIsProbedAgain() throws Exception {
        probe.answers.put(SEG0.id(), Reachability.UNRESPONSIVE);
        rounds.run(List.of(SEG0));
        probe.answers.put(SEG0.id(), Reachability.UP);
        thaw.countDown();
        Thread.sleep(50);
        assertThat(rounds.run(List.of(SEG0)).get("dbid=2").reachability()).isEqualTo(Reachability.UP);
        assertThat(probe.calls(SEG0)).isEqualTo(2);
    }

    @Test
    void aWrongPasswordIsRetriedWithBackoffNotEveryRound() {
        probe.answers.put(COORDINATOR.id(), Reachability.LOGIN_REJECTED);
        for (int second = 0; second < 20; second++) {
            assertThat(rounds.run(List.of(COORDINATOR)).get("coordinator").reachability())
                    .isEqualTo(Reachability.LOGIN_REJECTED);
            clock.advance(Duration.ofSeconds(1));
        }
        // t=0 first attempt, then after 5 s and after 10 more: three attempts in 20 s.
        assertThat(probe.calls(COORDINATOR)).isEqualTo(3);

        probe.answers.put(COORDINATOR.id(), Reachability.UP);
        clock.advance(Duration.ofSeconds(20));
        assertThat(rounds.run(List.of(COORDINATOR)).get("coordinator").isUp()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        rounds.run(List.of(COORDINATOR));
        assertThat(probe.calls(COORDINATOR)).isEqualTo(5);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
