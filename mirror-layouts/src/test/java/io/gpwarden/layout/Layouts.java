package io.gpwarden.layout;

import io.gpwarden.layout.io.NewClusterSpec;
import io.gpwarden.layout.plan.MirrorPlanner;
import io.gpwarden.layout.plan.MirrorPolicy;
import io.gpwarden.layout.plan.PlacementRules;
import io.gpwarden.layout.plan.Strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Named cluster builders for tests: new clusters, planned layouts, and random balanced layouts. */
public final class Layouts {
    private Layouts() {
    }

    public static List<String> hosts(int count) {
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            hosts.add("sdw" + i);
        }
        return hosts;
    }

    /** A mirrorless cluster laid out as gpinitsystem would: cdw coordinator, ports 6000+k, /data/primary. */
    public static Cluster unmirrored(int hosts, int primariesPerHost) {
        return unmirrored(hosts(hosts), primariesPerHost, GpVersion.GP6);
    }

    public static Cluster unmirrored(List<String> hosts, int primariesPerHost, GpVersion version) {
        return new NewClusterSpec(hosts, primariesPerHost, 6000, List.of("/data/primary"), "cdw", 5432,
                "/data/coordinator/gpseg-1", version).build();
    }

    /** A cluster with mirrors planned by gpaddmirrors' rules under one mirror root. */
    public static Cluster mirrored(int hosts, int primariesPerHost, Strategy strategy, int blockSize) {
        Cluster bare = unmirrored(hosts, primariesPerHost);
        return new MirrorPlanner().plan(bare, new MirrorPolicy(strategy, blockSize, List.of("/data/mirror"), 1000,
                PlacementRules.GPADDMIRRORS)).result();
    }

    /**
     * A cluster with the given host-level mirror placement: content c's primary on host primaryHost[c]
     * (port 6000 + its index there) and its mirror on mirrorHost[c] (port 7000 + its index there).
     */
    public static Cluster fromHostIndexes(int hostCount, int[] primaryHost, int[] mirrorHost) {
        List<String> hosts = hosts(hostCount);
        List<Segment> rows = new ArrayList<>();
        rows.add(new Segment(1, -1, Role.PRIMARY, Role.PRIMARY, 's', 'u', 5432, "cdw", "cdw", "/data/coordinator/gpseg-1", null));
        int[] pIndex = new int[hostCount];
        int[] mIndex = new int[hostCount];
        int dbid = 2;
        for (int c = 0; c < primaryHost.length; c++) {
            String h = hosts.get(primaryHost[c]);
            rows.add(new Segment(dbid++, c, Role.PRIMARY, Role.PRIMARY, 's', 'u', 6000 + pIndex[primaryHost[c]]++, h, h,
                    "/data/primary/gpseg" + c, null));
        }
        for (int c = 0; c < mirrorHost.length; c++) {
            if (mirrorHost[c] < 0) {
                continue;
            }
            String h = hosts.get(mirrorHost[c]);
            rows.add(new Segment(dbid++, c, Role.MIRROR, Role.MIRROR, 's', 'u', 7000 + mIndex[mirrorHost[c]]++, h, h,
                    "/data/mirror/gpseg" + c, null));
        }
        return Cluster.of(GpVersion.GP6, rows);
    }

    /**
     * A random balanced layout: P primaries per host (contents host-major), every host receiving P
     * mirrors, none on its own primary's host. Needs hosts ≥ 2.
     */
    public static int[][] randomBalanced(int hostCount, int p, Random random) {
        int n = hostCount * p;
        int[] primaryHost = new int[n];
        for (int c = 0; c < n; c++) {
            primaryHost[c] = c / p;
        }
        List<Integer> slots = new ArrayList<>();
        for (int h = 0; h < hostCount; h++) {
            for (int k = 0; k < p; k++) {
                slots.add(h);
            }
        }
        while (true) {
            Collections.shuffle(slots, random);
            // Repair same-host slots by swapping with a random compatible content.
            boolean ok = true;
            for (int c = 0; c < n && ok; c++) {
                if (slots.get(c) == primaryHost[c]) {
                    ok = false;
                    for (int tries = 0; tries < 4 * n; tries++) {
                        int d = random.nextInt(n);
                        if (slots.get(d) != primaryHost[c] && slots.get(c) != primaryHost[d]) {
                            Collections.swap(slots, c, d);
                            ok = true;
                            break;
                        }
                    }
                }
            }
            if (ok) {
                int[] mirrorHost = new int[n];
                for (int c = 0; c < n; c++) {
                    mirrorHost[c] = slots.get(c);
                }
                return new int[][] {primaryHost, mirrorHost};
            }
        }
    }
}
