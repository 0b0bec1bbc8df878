package io.gpwarden.layout.check;

import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.plan.BlockChunking;
import io.gpwarden.layout.plan.Strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Names the strategy a layout follows, from the host-level mirror traffic alone (ports and
 * directories do not matter). A strategy is only named for a layout that is fully mirrored, never
 * has a mirror on its primary's host, and carries the same number of primaries (P) and of mirrors on
 * every host; anything else is "custom".
 * <ul>
 *   <li>group: all of a host's mirrors on one other host, and that host → backup map a permutation;</li>
 *   <li>spread: H > P and each host's P mirrors on P distinct hosts;</li>
 *   <li>block of size B: hosts fall into blocks of B closed under mirroring, and no host puts more
 *       than ceil(P/(B-1)) of its mirrors on any one host of its block (the documented chunking's
 *       largest chunk). Without a requested size, B is the common size of the connected groups of
 *       hosts; with one ({@link #mismatch}), the groups must pack exactly into blocks of B.</li>
 * </ul>
 * Precedence when several hold: group, spread, block; the others are listed as also-matches.
 */
public final class StrategyRecognizer {
    private StrategyRecognizer() {
    }

    public static LayoutShape recognize(HostLayout layout) {
        if (layout.contentCount() == 0 || noMirrors(layout)) {
            return new LayoutShape("none", 0, List.of());
        }
        if (!structurallyValid(layout)) {
            return new LayoutShape("custom", 0, List.of());
        }
        HostLayout.Traffic traffic = layout.traffic();
        List<String> matches = new ArrayList<>();
        int blockSize = 0;
        if (isGroup(layout, traffic)) {
            matches.add("group");
        }
        if (isSpread(layout, traffic)) {
            matches.add("spread");
        }
        int[] component = components(layout, traffic);
        int[] sizes = componentSizes(component, layout.hostCount());
        int common = Arrays.stream(sizes).filter(s -> s > 0).distinct().count() == 1
                ? Arrays.stream(sizes).filter(s -> s > 0).findFirst().orElse(0) : 0;
        // A single group spanning every host is only worth naming when nothing else fits.
        boolean worthNaming = common < layout.hostCount() || matches.isEmpty();
        if (common >= 2 && worthNaming && withinChunk(layout, traffic, common)) {
            matches.add("block of size " + common);
            blockSize = common;
        }
        if (matches.isEmpty()) {
            return new LayoutShape("custom", 0, List.of());
        }
        String first = matches.get(0);
        String name = first.startsWith("block") ? "block" : first;
        return new LayoutShape(name, name.equals("block") ? blockSize : 0, matches.subList(1, matches.size()));
    }

    /**
     * Why the layout is not a valid layout of the given strategy, or empty when it is. For block the
     * size is the one asked for, and smaller closed groups that pack into blocks of that size count.
     */
    public static Optional<String> mismatch(HostLayout layout, Strategy strategy, int blockSize) {
        if (noMirrors(layout)) {
            return Optional.of("the cluster has no mirrors");
        }
        if (!structurallyValid(layout)) {
            return Optional.of("the layout breaks the invariants every strategy needs (see the violations)");
        }
        HostLayout.Traffic traffic = layout.traffic();
        switch (strategy) {
            case GROUP:
                return isGroup(layout, traffic) ? Optional.empty()
                        : Optional.of("some host's mirrors are on more than one host, or two hosts back up the same host");
            case SPREAD:
                if (layout.hostCount() <= layout.maxPrimariesPerHost()) {
                    return Optional.of("spread needs more hosts than primaries per host");
                }
                return isSpread(layout, traffic) ? Optional.empty()
                        : Optional.of("some host has two or more mirrors on the same host");
            case BLOCK:
                int h = layout.hostCount();
                if (blockSize < 2 || h % blockSize != 0) {
                    return Optional.of("block size " + blockSize + " does not divide the " + h + " hosts");
                }
                if (!withinChunk(layout, traffic, blockSize)) {
                    return Optional.of("some host puts more than " + BlockChunking.chunk(layout.maxPrimariesPerHost(), blockSize)
                            + " mirrors on one host, more than block size " + blockSize + " allows");
                }
                int[] sizes = componentSizes(components(layout, traffic), h);
                List<Integer> parts = new ArrayList<>();
                for (int s : sizes) {
                    if (s > 0) {
                        parts.add(s);
                    }
                }
                return packs(parts, blockSize) ? Optional.empty()
                        : Optional.of("the hosts do not fall into closed blocks of " + blockSize
                        + " (mirrors cross between groups of sizes " + parts + ")");
            default:
                throw new IllegalStateException(strategy.name());
        }
    }

    private static boolean noMirrors(HostLayout layout) {
        for (int c = 0; c < layout.contentCount(); c++) {
            if (layout.mirrorHost(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    static boolean structurallyValid(HostLayout layout) {
        if (!layout.fullyMirrored()) {
            return false;
        }
        for (int c = 0; c < layout.contentCount(); c++) {
            if (layout.mirrorHost(c) == layout.primaryHost(c)) {
                return false;
            }
        }
        int p = layout.primariesOn(0);
        for (int h = 0; h < layout.hostCount(); h++) {
            if (layout.primariesOn(h) != p || layout.mirrorsOn(h) != p || p == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isGroup(HostLayout layout, HostLayout.Traffic traffic) {
        Set<Integer> backups = new HashSet<>();
        for (int h = 0; h < layout.hostCount(); h++) {
            if (traffic.targets()[h].length != 1 || !backups.add(traffic.targets()[h][0])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpread(HostLayout layout, HostLayout.Traffic traffic) {
        if (layout.hostCount() <= layout.maxPrimariesPerHost()) {
            return false;
        }
        for (int h = 0; h < layout.hostCount(); h++) {
            for (int c : traffic.counts()[h]) {
                if (c != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean withinChunk(HostLayout layout, HostLayout.Traffic traffic, int blockSize) {
        int limit = BlockChunking.chunk(layout.maxPrimariesPerHost(), blockSize);
        for (int h = 0; h < layout.hostCount(); h++) {
            for (int c : traffic.counts()[h]) {
                if (c > limit) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Connected groups of hosts linked by mirror traffic (either direction); union-find with path halving. */
    static int[] components(HostLayout layout, HostLayout.Traffic traffic) {
        int n = layout.hostCount();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int h = 0; h < n; h++) {
            for (int t : traffic.targets()[h]) {
                int a = find(parent, h);
                int b = find(parent, t);
                if (a != b) {
                    parent[Math.max(a, b)] = Math.min(a, b);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            parent[i] = find(parent, i);
        }
        return parent;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static int[] componentSizes(int[] component, int n) {
        int[] sizes = new int[n];
        for (int h = 0; h < n; h++) {
            sizes[component[h]]++;
        }
        return sizes;
    }

    /**
     * Whether groups of the given sizes can be packed into bins holding exactly {@code bin} hosts each.
     * Exact search over the counts of each size, remembering dead ends; group sizes are small.
     */
    static boolean packs(List<Integer> sizes, int bin) {
        int[] counts = new int[bin + 1];
        int total = 0;
        for (int s : sizes) {
            if (s > bin) {
                return false;
            }
            counts[s]++;
            total += s;
        }
        if (total % bin != 0) {
            return false;
        }
        return fill(counts, bin, bin, bin, new HashSet<>());
    }

    /** Fills the current bin (room left) with sizes no larger than {@code maxSize}, then starts the next bin. */
    private static boolean fill(int[] counts, int bin, int room, int maxSize, Set<String> dead) {
        if (room == 0) {
            boolean empty = true;
            for (int c : counts) {
                if (c != 0) {
                    empty = false;
                    break;
                }
            }
            if (empty) {
                return true;
            }
            String key = Arrays.toString(counts);
            if (dead.contains(key)) {
                return false;
            }
            boolean ok = fill(counts, bin, bin, bin, dead);
            if (!ok) {
                dead.add(key);
            }
            return ok;
        }
        for (int s = Math.min(room, maxSize); s >= 1; s--) {
            if (counts[s] > 0) {
                counts[s]--;
                boolean ok = fill(counts, bin, room - s, s, dead);
                counts[s]++;
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }
}
