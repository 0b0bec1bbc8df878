package io.gpwarden.controller.run;

import java.time.Duration;
import java.util.Optional;

/**
 * Notices ticks that started late: the gap between two tick starts, on the monotonic clock, longer
 * than the interval plus a tolerance means the JVM was not scheduled (GC pause, starved threads,
 * a suspended VM) or the wall clock jumped — HikariCP's house keeper reports the same as "thread
 * starvation or clock leap". Part 2 will refuse to act on a lease after such a gap; part 1 logs it
 * and counts it.
 *
 * <p>Not thread-safe: called from the tick thread only.
 */
public final class LateTicks {
    private final Duration interval;
    private final Duration tolerance;
    private long previousStart = Long.MIN_VALUE;
    private long late;

    public LateTicks(Duration interval) {
        this(interval, interval.dividedBy(2));
    }

    public LateTicks(Duration interval, Duration tolerance) {
        this.interval = interval;
        this.tolerance = tolerance;
    }

    /**
     * Records the start of a tick at {@code nowNanos} ({@link System#nanoTime()}) and returns how
     * much later than due it came, when that exceeds the tolerance.
     */
    public Optional<Duration> started(long nowNanos) {
        long previous = previousStart;
        previousStart = nowNanos;
        if (previous == Long.MIN_VALUE) {
            return Optional.empty();
        }
        Duration gap = Duration.ofNanos(nowNanos - previous);
        Duration lateness = gap.minus(interval);
        if (lateness.compareTo(tolerance) > 0) {
            late++;
            return Optional.of(lateness);
        }
        return Optional.empty();
    }

    /** How many ticks came late since start. */
    public long count() {
        return late;
    }
}
