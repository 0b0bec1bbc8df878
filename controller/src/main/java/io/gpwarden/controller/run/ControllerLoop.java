package io.gpwarden.controller.run;

import io.gpwarden.controller.decide.Decision;
import io.gpwarden.controller.decide.HealthDecider;
import io.gpwarden.controller.decide.HealthMemory;
import io.gpwarden.controller.observe.Observation;
import io.gpwarden.controller.observe.Observer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick, always in the same order: notice lateness, observe (one immutable snapshot), decide
 * (pure), act (alerts, status, FTS requests: nothing here waits for a receiver), log the sentence.
 * A bug in a tick is logged and the loop goes on; the next tick starts from the last good memory.
 *
 * <p>The sentence is logged at INFO when it differs from the previous tick's, and otherwise once
 * a minute as a heartbeat (at DEBUG in between): at one tick per second an unchanged line every
 * second would drown the changes.
 *
 * <p>Not thread-safe by design: the scheduler never runs two ticks at once.
 */
public final class ControllerLoop {
    private static final Logger log = LoggerFactory.getLogger(ControllerLoop.class);
    private static final Duration HEARTBEAT = Duration.ofMinutes(1);

    private final String cluster;
    private final Observer observer;
    private final HealthDecider decider;
    private final ActStep act;
    private final LateTicks lateTicks;
    private final AtomicLong ticks = new AtomicLong();
    private HealthMemory memory;
    private String lastSentence = "";
    private long lastInfoNanos = Long.MIN_VALUE;
    private volatile double lastTickMillis;

    public ControllerLoop(String cluster, Observer observer, HealthDecider decider, ActStep act, LateTicks lateTicks,
                          HealthMemory initial) {
        this.cluster = cluster;
        this.observer = observer;
        this.decider = decider;
        this.act = act;
        this.lateTicks = lateTicks;
        this.memory = initial;
    }

    /** Runs one tick; never throws. */
    public void tick() {
        long start = System.nanoTime();
        Optional<Duration> late = lateTicks.started(start);
        late.ifPresent(d -> log.warn("{}: tick started {} ms late: thread starvation, a long GC pause or a clock leap",
                cluster, d.toMillis()));
        try {
            Observation observation = observer.observe();
            Decision decision = decider.decide(memory, observation);
            memory = decision.memory();
            lastTickMillis = (System.nanoTime() - start) / 1e6;
            act.apply(decision, observation, stats());
            logSentence(decision.sentence(), start);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            log.error("{}: tick failed; the loop goes on from the last good state", cluster, e);
        } finally {
            ticks.incrementAndGet();
            lastTickMillis = (System.nanoTime() - start) / 1e6;
        }
    }

    public TickStats stats() {
        return new TickStats(ticks.get(), lateTicks.count(), lastTickMillis);
    }

    /** Counters for the status page and metrics. */
    public record TickStats(long ticks, long lateTicks, double lastTickMillis) {
    }

    private void logSentence(String sentence, long now) {
        boolean changed = !sentence.equals(lastSentence);
        boolean heartbeat = lastInfoNanos == Long.MIN_VALUE || now - lastInfoNanos >= HEARTBEAT.toNanos();
        if (changed || heartbeat) {
            log.info("{}", sentence);
            lastInfoNanos = now;
        } else {
            log.debug("{}", sentence);
        }
        lastSentence = sentence;
    }
}
