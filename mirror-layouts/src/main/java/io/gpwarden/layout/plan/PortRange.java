package io.gpwarden.layout.plan;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Segment;

/**
 * gpaddmirrors' port-offset rule ({@code checkMirrorOffset}): over every instance including the
 * coordinator, the lowest port plus the offset must be at least 6432 and the highest port plus three
 * times the offset at most 61000 (three port sets: GP5 used port, replication port and the primary's
 * replication port). Negative offsets swap the factors.
 */
public final class PortRange {
    public static final int MIN_PORT = 6432;
    public static final int MAX_PORT = 61000;

    private PortRange() {
    }

    public static void check(Cluster cluster, int offset) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (Segment s : cluster.segments()) {
            min = Math.min(min, s.port());
            max = Math.max(max, s.port());
        }
        long low = offset < 0 ? min + 3L * offset : min + (long) offset;
        long high = offset < 0 ? max + (long) offset : max + 3L * offset;
        if (low < MIN_PORT || high > MAX_PORT) {
            // Offsets o >= 0 that work: min + o >= 6432 and max + 3o <= 61000.
            long lo = Math.max(0, MIN_PORT - (long) min);
            long hi = Math.floorDiv(MAX_PORT - (long) max, 3);
            String works = lo <= hi ? "offsets from " + lo + " to " + hi + " work"
                    : "no positive offset works: the existing ports " + min + ".." + max + " span too much";
            throw new LayoutException("--mirror-port-offset " + offset + " puts mirror ports outside " + MIN_PORT + ".."
                    + MAX_PORT + " (lowest port " + min + " gives " + low + ", highest port " + max + " gives " + high
                    + " counting the three port sets gpaddmirrors reserves); " + works);
        }
    }
}
