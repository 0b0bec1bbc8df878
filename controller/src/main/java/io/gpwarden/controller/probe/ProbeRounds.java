package io.gpwarden.controller.probe;

import io.gpwarden.controller.jdbc.Reachability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one probe round: every target in parallel, all answers collected by one deadline, so a
 * round costs one timeout however many instances are frozen.
 *
 * <p>Invariants:
 * <ul>
 *   <li>at most one probe per target is in flight: a target whose previous probe still has not
 *       returned is reported UNRESPONSIVE without starting another (a frozen server never
 *       accumulates threads);</li>
 *   <li>a target whose last answer was a configuration problem (wrong password, unknown
 *       database) is not asked again until its backoff expires (5 s doubling to 60 s), so a wrong
 *       password costs at most one login attempt per 5 s and cannot lock an account; the last
 *       answer is repeated meanwhile;</li>
 *   <li>every target gets a result in every round.</li>
 * </ul>
 * One round at a time: {@link #run} is called from the tick thread only.
 */
public final class ProbeRounds implements AutoCloseable {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /**
     * Java-side slack past the driver's own timeouts, which round to its timer's granularity; the
     * configuration keeps {@code timeout} at least 200 ms below the interval to leave room for it.
     */
    private static final Duration GRACE = Duration.ofMillis(150);

    private final InstanceProbe probe;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, Future<ProbeResult>> inFlight = new HashMap<>();
    private final Map<String, Backoff> backoffs = new HashMap<>();

    private record Backoff(Instant until, Duration length, ProbeResult last) {
    }

    public ProbeRounds(InstanceProbe probe, Duration timeout, Clock clock) {
        this.probe = probe;
        this.timeout = timeout;
        this.clock = clock;
        this.executor = Executors.newCachedThreadPool(daemonThreads());
    }

    /** Probes every target and returns one result per target id, in the targets' order. */
    public Map<String, ProbeResult> run(List<ProbeTarget> targets) {
        Instant now = clock.instant();
        Map<String, ProbeResult> results = new LinkedHashMap<>();
        Map<String, Future<ProbeResult>> started = new LinkedHashMap<>();
        for (ProbeTarget t : targets) {
            Backoff b = backoffs.get(t.id());
            if (b != null && now.isBefore(b.until())) {
                results.put(t.id(), b.last());
                continue;
            }
            Future<ProbeResult> previous = inFlight.get(t.id());
            if (previous != null && !previous.isDone()) {
                results.put(t.id(), new ProbeResult(t, Reachability.UNRESPONSIVE, now, timeout,
                        "the previous probe has not returned yet", ""));
                continue;
            }
            Future<ProbeResult> f = executor.submit(() -> probe.probe(t));
            inFlight.put(t.id(), f);
            started.put(t.id(), f);
        }
        long deadline = System.nanoTime() + timeout.plus(GRACE).toNanos();
        for (ProbeTarget t : targets) {
            Future<ProbeResult> f = started.get(t.id());
            if (f == null) {
                continue;
            }
            ProbeResult r = await(f, t, now, deadline);
            results.put(t.id(), r);
            rememberBackoff(t, r, now);
        }
        // Forget instances that left the target list (a primary that became a mirror).
        List<String> ids = targets.stream().map(ProbeTarget::id).toList();
        inFlight.keySet().retainAll(ids);
        backoffs.keySet().retainAll(ids);
        Map<String, ProbeResult> ordered = new LinkedHashMap<>();
        for (ProbeTarget t : targets) {
            ordered.put(t.id(), results.get(t.id()));
        }
        return ordered;
    }

    private ProbeResult await(Future<ProbeResult> f, ProbeTarget t, Instant now, long deadline) {
        try {
            long wait = Math.max(0, deadline - System.nanoTime());
            return f.get(wait, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return new ProbeResult(t, Reachability.UNRESPONSIVE, now, timeout,
                    "no answer within " + timeout.toMillis() + " ms", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(t, Reachability.UNRESPONSIVE, now, timeout, "probe interrupted", "");
        } catch (java.util.concurrent.ExecutionException e) {
            return new ProbeResult(t, Reachability.QUERY_FAILED, now, timeout, String.valueOf(e.getCause()), "");
        }
    }

    private void rememberBackoff(ProbeTarget t, ProbeResult r, Instant now) {
        if (!r.reachability().isConfigurationProblem()) {
            backoffs.remove(t.id());
            return;
        }
        Backoff previous = backoffs.get(t.id());
        Duration length = previous == null ? FIRST_BACKOFF : min(previous.length().multipliedBy(2), MAX_BACKOFF);
        backoffs.put(t.id(), new Backoff(now.plus(length), length, r));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "gpwarden-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
