package io.gpwarden.layout.move;

import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.plan.BlockChunking;
import io.gpwarden.layout.plan.HostOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ways to split hosts into blocks for a block target, and the exact count of mirrors that can stay
 * within given blocks. Small host counts: every split ({@link #bestOfAllPartitions}). Otherwise three
 * candidates: consecutive hosts in natural order, runs of a walk along today's mirror traffic, and
 * blocks grown greedily from the traffic. A block is a list of host indexes.
 */
final class BlockSplits {
    private BlockSplits() {
    }

    /** n! / ((b!)^(n/b) · (n/b)!), the number of ways to split n hosts into unlabelled blocks of b. */
    static double partitionCount(int n, int b) {
        double logWays = logFactorial(n) - (n / b) * logFactorial(b) - logFactorial(n / b);
        return Math.exp(logWays);
    }

    private static double logFactorial(int k) {
        double s = 0;
        for (int i = 2; i <= k; i++) {
            s += Math.log(i);
        }
        return s;
    }

    static List<int[]> bestOfAllPartitions(int n, int b, BlockSolver solver) {
        Map<Long, Integer> memo = new HashMap<>();
        List<int[]> current = new ArrayList<>();
        List<int[]> best = new ArrayList<>();
        int[] bestStays = {-1};
        enumerate(0L, n, b, current, 0, solver, memo, best, bestStays);
        return best;
    }

    private static void enumerate(long used, int n, int b, List<int[]> current, int staysSoFar, BlockSolver solver,
                                  Map<Long, Integer> memo, List<int[]> best, int[] bestStays) {
        int first = Long.numberOfTrailingZeros(~used);
        if (first >= n) {
            if (staysSoFar > bestStays[0]) {
                bestStays[0] = staysSoFar;
                best.clear();
                best.addAll(current);
            }
            return;
        }
        int[] members = new int[b];
        members[0] = first;
        chooseRest(used | (1L << first), first + 1, 1, members, n, b, current, staysSoFar, solver, memo, best, bestStays);
    }

    private static void chooseRest(long used, int from, int filled, int[] members, int n, int b, List<int[]> current,
                                   int staysSoFar, BlockSolver solver, Map<Long, Integer> memo, List<int[]> best,
                                   int[] bestStays) {
        if (filled == b) {
            long mask = 0;
            for (int m : members) {
                mask |= 1L << m;
            }
            int[] copy = members.clone();
            int stays = memo.computeIfAbsent(mask, k -> solver.stays(List.of(copy)));
            current.add(copy);
            enumerate(used, n, b, current, staysSoFar + stays, solver, memo, best, bestStays);
            current.remove(current.size() - 1);
            return;
        }
        for (int h = from; h < n; h++) {
            if ((used & (1L << h)) == 0) {
                members[filled] = h;
                chooseRest(used | (1L << h), h + 1, filled + 1, members, n, b, current, staysSoFar, solver, memo, best,
                        bestStays);
            }
        }
    }

    private static Integer[] naturalOrder(HostLayout layout) {
        Integer[] order = new Integer[layout.hostCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byName = Comparator.comparing(layout::host, HostOrder.NATURAL);
        Arrays.sort(order, byName);
        return order;
    }

    static List<int[]> naturalBlocks(HostLayout layout, int b) {
        Integer[] order = naturalOrder(layout);
        List<int[]> blocks = new ArrayList<>();
        for (int i = 0; i < order.length; i += b) {
            int[] members = new int[b];
            for (int j = 0; j < b; j++) {
                members[j] = order[i + j];
            }
            blocks.add(members);
        }
        return blocks;
    }

    /**
     * Blocks cut from a walk: start at the first unvisited host in natural order, keep stepping to the
     * unvisited host that holds most of the current host's mirrors (or, failing that, sends most to it),
     * jump to the next unvisited host when stuck, and cut the walk into runs of B. A group layout's
     * cycles become runs of consecutive backups, so most mirrors can stay.
     */
    static List<int[]> walkedBlocks(HostLayout layout, HostLayout.Traffic traffic, int b, int p) {
        int n = layout.hostCount();
        List<Map<Integer, Integer>> in = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            in.add(new HashMap<>());
        }
        for (int h = 0; h < n; h++) {
            for (int i = 0; i < traffic.targets()[h].length; i++) {
                in.get(traffic.targets()[h][i]).merge(h, traffic.counts()[h][i], Integer::sum);
            }
        }
        Integer[] order = naturalOrder(layout);
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[order[i]] = i;
        }
        boolean[] visited = new boolean[n];
        int[] walk = new int[n];
        int len = 0;
        int cursor = 0;
        int cur = -1;
        while (len < n) {
            int next = -1;
            if (cur >= 0) {
                next = heaviestUnvisited(traffic.targets()[cur], traffic.counts()[cur], visited, rank);
                if (next < 0) {
                    Map<Integer, Integer> from = in.get(cur);
                    int[] hs = from.keySet().stream().mapToInt(Integer::intValue).toArray();
                    int[] cs = new int[hs.length];
                    for (int i = 0; i < hs.length; i++) {
                        cs[i] = from.get(hs[i]);
                    }
                    next = heaviestUnvisited(hs, cs, visited, rank);
                }
            }
            if (next < 0) {
                while (visited[order[cursor]]) {
                    cursor++;
                }
                next = order[cursor];
            }
            visited[next] = true;
            walk[len++] = next;
            cur = next;
        }
        List<int[]> blocks = new ArrayList<>();
        for (int i = 0; i < n; i += b) {
            blocks.add(Arrays.copyOfRange(walk, i, i + b));
        }
        return blocks;
    }

    private static int heaviestUnvisited(int[] hosts, int[] weights, boolean[] visited, int[] rank) {
        int best = -1;
        int bestWeight = 0;
        for (int i = 0; i < hosts.length; i++) {
            int h = hosts[i];
            if (!visited[h] && (weights[i] > bestWeight || (weights[i] == bestWeight && best >= 0 && rank[h] < rank[best]))) {
                best = h;
                bestWeight = weights[i];
            }
        }
        return best;
    }

    /**
     * Blocks grown greedily: seed with the first free host in natural order, then repeatedly add the free
     * host with the most mirrors that could stay between it and the block (min(count, chunk) both ways).
     */
    static List<int[]> grownBlocks(HostLayout layout, HostLayout.Traffic traffic, int b, int p) {
        int n = layout.hostCount();
        int chunk = BlockChunking.chunk(p, b);
        // Neighbours in both directions with the weight of mirrors that could stay.
        List<Map<Integer, Integer>> weight = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            weight.add(new HashMap<>());
        }
        for (int h = 0; h < n; h++) {
            int[] ts = traffic.targets()[h];
            int[] cs = traffic.counts()[h];
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] == h) {
                    continue;
                }
                int w = Math.min(cs[i], chunk);
                weight.get(h).merge(ts[i], w, Integer::sum);
                weight.get(ts[i]).merge(h, w, Integer::sum);
            }
        }
        Integer[] order = naturalOrder(layout);
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[order[i]] = i;
        }
        boolean[] taken = new boolean[n];
        int[] gain = new int[n];
        List<int[]> blocks = new ArrayList<>();
        int cursor = 0;
        while (true) {
            while (cursor < n && taken[order[cursor]]) {
                cursor++;
            }
            if (cursor == n) {
                break;
            }
            int[] members = new int[b];
            int seed = order[cursor];
            members[0] = seed;
            taken[seed] = true;
            List<Integer> touched = new ArrayList<>();
            addGains(seed, weight, taken, gain, touched);
            for (int k = 1; k < b; k++) {
                int pick = -1;
                for (int h : touched) {
                    if (!taken[h] && gain[h] > 0 && (pick < 0 || gain[h] > gain[pick]
                            || (gain[h] == gain[pick] && rank[h] < rank[pick]))) {
                        pick = h;
                    }
                }
                if (pick < 0) {
                    for (int i = cursor; i < n; i++) {
                        if (!taken[order[i]]) {
                            pick = order[i];
                            break;
                        }
                    }
                }
                members[k] = pick;
                taken[pick] = true;
                addGains(pick, weight, taken, gain, touched);
            }
            for (int h : touched) {
                gain[h] = 0;
            }
            blocks.add(members);
        }
        return blocks;
    }

    private static void addGains(int h, List<Map<Integer, Integer>> weight, boolean[] taken, int[] gain,
                                 List<Integer> touched) {
        for (Map.Entry<Integer, Integer> e : weight.get(h).entrySet()) {
            int v = e.getKey();
            if (!taken[v]) {
                if (gain[v] == 0) {
                    touched.add(v);
                }
                gain[v] += e.getValue();
            }
        }
    }

    /** Solves the transportation problem inside one block. */
    static final class BlockSolver {
        private final HostLayout.Traffic traffic;
        private final int b;
        private final int p;
        private final int chunk;

        BlockSolver(HostLayout.Traffic traffic, int b, int p) {
            this.traffic = traffic;
            this.b = b;
            this.p = p;
            this.chunk = BlockChunking.chunk(p, b);
        }

        short[] solve(int[] members) {
            int[] ps = new int[b];
            Arrays.fill(ps, p);
            short[] local = TransportSolver.solve(b, ps, ps, costFor(members));
            if (local == null) {
                throw new IllegalStateException("no feasible layout inside a block; the caller checks the block size");
            }
            return local;
        }

        TransportSolver.PairCost costFor(int[] members) {
            return new TransportSolver.PairCost() {
                @Override
                public int capacity(int from, int to) {
                    return from == to ? 0 : chunk;
                }

                @Override
                public int unitCost(int from, int to, int unit) {
                    return unit < traffic.count(members[from], members[to]) ? 0 : 1;
                }
            };
        }

        /** Mirrors that stay when the given blocks are solved optimally. */
        int stays(List<int[]> blocks) {
            int total = 0;
            for (int[] members : blocks) {
                short[] local = solve(members);
                total += b * p - (int) TransportSolver.totalCost(b, local, costFor(members));
            }
            return total;
        }
    }
}
