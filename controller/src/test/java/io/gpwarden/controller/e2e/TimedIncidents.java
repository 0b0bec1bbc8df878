package io.gpwarden.controller.e2e;

import io.gpwarden.controller.decide.Condition;
import io.gpwarden.controller.run.IncidentReporter;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes everything to the real reporter and notes, on the monotonic clock, when the controller's
 * decision first raised each key: the end point of "kill → segment down" latency.
 */
public final class TimedIncidents implements IncidentReporter, AutoCloseable {
    private final IncidentReporter delegate;
    private final Map<String, Long> firstRaised = new ConcurrentHashMap<>();

    public TimedIncidents(IncidentReporter delegate) {
        this.delegate = delegate;
    }

    /** Waits until {@code key} has been raised after {@code sinceNanos}; returns the nanoTime it was. */
    public long awaitRaised(String key, long sinceNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Long at = firstRaised.get(key);
            if (at != null && at >= sinceNanos) {
                return at;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(key + " was not raised within " + timeout.toSeconds() + " s; raised: " + firstRaised.keySet());
    }

    public void forget(String key) {
        firstRaised.remove(key);
    }

    @Override
    public void raise(Condition condition) {
        firstRaised.putIfAbsent(condition.key(), System.nanoTime());
        delegate.raise(condition);
    }

    @Override
    public void notice(Condition condition) {
        delegate.notice(condition);
    }

    @Override
    public void clear(Condition condition, String resolution) {
        delegate.clear(condition, resolution);
    }

    @Override
    public void clearKey(String key, String resolution) {
        delegate.clearKey(key, resolution);
    }

    @Override
    public void tick() {
        delegate.tick();
    }

    @Override
    public List<IncidentView> open() {
        return delegate.open();
    }

    @Override
    public int undelivered() {
        return delegate.undelivered();
    }

    @Override
    public void close() {
        if (delegate instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the incident reporter", e);
            }
        }
    }
}
