package io.gpwarden.layout.move;

import java.util.Arrays;

/**
 * Minimum-cost transportation between n source hosts and n target hosts on the complete bipartite
 * graph: host h sends {@code supply[h]} mirrors, host t receives {@code demand[t]}, the pair (h, t)
 * carries at most {@code capacity(h, t)} (0 forbids it, for example h = t) and the k-th mirror sent
 * over a pair costs {@code unitCost(h, t, k)}, non-negative and non-decreasing in k (convex).
 *
 * <p>Method: primal-dual successive shortest paths. Every phase runs one dense Dijkstra (O(n²),
 * no heap: the graph is complete) over reduced costs {@code c + π(u) − π(v) ≥ 0}, raises the
 * potentials by {@code min(dist, dist(T))}, and then saturates every zero-reduced-cost path with a
 * Dinic max-flow on the admissible arcs (BFS levels, current-arc DFS, one unit per path because pair
 * costs change unit by unit). A phase strictly raises the S–T distance, and distances are small
 * integers, so there are few phases. Convex pair costs keep every reduced cost non-negative as units
 * are pushed and cancelled, which is what makes the successive-shortest-path result optimal.
 *
 * <p>Memory: two n×n short matrices (flow and its transpose); no edge lists. The solver is a value
 * with no state between calls.
 */
final class TransportSolver {
    private static final long INF = Long.MAX_VALUE / 4;

    /** Pair capacities and convex unit costs. */
    interface PairCost {
        int capacity(int from, int to);

        int unitCost(int from, int to, int unit);
    }

    private final int n;
    private final int[] supply;
    private final int[] demand;
    private final PairCost cost;
    private final short[] flow;
    private final short[] flowT;
    private final int[] out;
    private final int[] in;
    private final long[] pot;
    private final long[] dist;
    private final int[] level;
    private final int[] iter;
    private final int[] path;
    private final int[] queue;
    private final boolean[] done;
    private final int s;
    private final int t;

    private TransportSolver(int n, int[] supply, int[] demand, PairCost cost) {
        this.n = n;
        this.supply = supply;
        this.demand = demand;
        this.cost = cost;
        this.flow = new short[n * n];
        this.flowT = new short[n * n];
        this.out = new int[n];
        this.in = new int[n];
        this.s = 2 * n;
        this.t = 2 * n + 1;
        this.pot = new long[2 * n + 2];
        this.dist = new long[2 * n + 2];
        this.level = new int[2 * n + 2];
        this.iter = new int[2 * n + 2];
        this.path = new int[2 * n + 2];
        this.queue = new int[2 * n + 2];
        this.done = new boolean[2 * n + 2];
    }

    /**
     * The optimal flow as a row-major n×n matrix ({@code flow[h * n + t]}), or null when no flow
     * meets every supply and demand.
     */
    static short[] solve(int n, int[] supply, int[] demand, PairCost cost) {
        long sup = Arrays.stream(supply).asLongStream().sum();
        long dem = Arrays.stream(demand).asLongStream().sum();
        if (sup != dem) {
            throw new IllegalArgumentException("supply " + sup + " != demand " + dem);
        }
        TransportSolver solver = new TransportSolver(n, supply, demand, cost);
        return solver.run(sup) ? solver.flow : null;
    }

    /** Total cost of a flow matrix under the given costs. */
    static long totalCost(int n, short[] flow, PairCost cost) {
        long total = 0;
        for (int h = 0; h < n; h++) {
            for (int to = 0; to < n; to++) {
                for (int k = 0; k < flow[h * n + to]; k++) {
                    total += cost.unitCost(h, to, k);
                }
            }
        }
        return total;
    }

    private boolean run(long required) {
        long sent = 0;
        while (sent < required) {
            if (!dijkstra()) {
                return false;
            }
            long before = sent;
            while (bfsLevels()) {
                Arrays.fill(iter, 0);
                while (augmentOne()) {
                    sent++;
                }
            }
            if (sent == before) {
                // Cannot happen with consistent potentials; guard against an endless loop.
                throw new IllegalStateException("transport phase made no progress");
            }
        }
        return true;
    }

    // Node numbering: left (source) host h = h, right (target) host x = n + x, S = 2n, T = 2n + 1.

    private long reducedForward(int h, int x, int f) {
        return cost.unitCost(h, x, f) + pot[h] - pot[n + x];
    }

    private long reducedBackward(int h, int x, int f) {
        return -cost.unitCost(h, x, f - 1) + pot[n + x] - pot[h];
    }

    /** Dense Dijkstra from S over reduced costs; updates potentials. False when T is unreachable. */
    private boolean dijkstra() {
        int v = 2 * n + 2;
        Arrays.fill(dist, INF);
        Arrays.fill(done, false);
        dist[s] = 0;
        while (true) {
            int u = -1;
            long best = INF;
            for (int i = 0; i < v; i++) {
                if (!done[i] && dist[i] < best) {
                    best = dist[i];
                    u = i;
                }
            }
            if (u < 0) {
                break;
            }
            done[u] = true;
            if (u == t) {
                break;
            }
            long du = dist[u];
            if (u == s) {
                for (int h = 0; h < n; h++) {
                    if (out[h] < supply[h]) {
                        relax(h, du + pot[s] - pot[h]);
                    }
                }
            } else if (u < n) {
                int h = u;
                int row = h * n;
                for (int x = 0; x < n; x++) {
                    int f = flow[row + x];
                    if (f < cost.capacity(h, x)) {
                        relax(n + x, du + reducedForward(h, x, f));
                    }
                }
            } else {
                int x = u - n;
                int row = x * n;
                for (int h = 0; h < n; h++) {
                    int f = flowT[row + h];
                    if (f > 0) {
                        relax(h, du + reducedBackward(h, x, f));
                    }
                }
                if (in[x] < demand[x]) {
                    relax(t, du + pot[u] - pot[t]);
                }
            }
        }
        long dt = dist[t];
        if (dt >= INF) {
            return false;
        }
        for (int i = 0; i < v; i++) {
            pot[i] += Math.min(dist[i], dt);
        }
        return true;
    }

    private void relax(int node, long d) {
        if (d < dist[node]) {
            dist[node] = d;
        }
    }

    /** BFS levels over admissible arcs (residual, reduced cost 0). True when T is reached. */
    private boolean bfsLevels() {
        Arrays.fill(level, -1);
        int head = 0;
        int tail = 0;
        queue[tail++] = s;
        level[s] = 0;
        while (head < tail) {
            int u = queue[head++];
            int next = level[u] + 1;
            if (u == s) {
                for (int h = 0; h < n; h++) {
                    if (level[h] < 0 && out[h] < supply[h] && pot[s] - pot[h] == 0) {
                        level[h] = next;
                        queue[tail++] = h;
                    }
                }
            } else if (u < n) {
                int row = u * n;
                for (int x = 0; x < n; x++) {
                    int r = n + x;
                    if (level[r] < 0) {
                        int f = flow[row + x];
                        if (f < cost.capacity(u, x) && reducedForward(u, x, f) == 0) {
                            level[r] = next;
                            queue[tail++] = r;
                        }
                    }
                }
            } else if (u < s) {
                int x = u - n;
                int row = x * n;
                for (int h = 0; h < n; h++) {
                    if (level[h] < 0) {
                        int f = flowT[row + h];
                        if (f > 0 && reducedBackward(h, x, f) == 0) {
                            level[h] = next;
                            queue[tail++] = h;
                        }
                    }
                }
                if (level[t] < 0 && in[x] < demand[x] && pot[u] - pot[t] == 0) {
                    level[t] = next;
                    queue[tail++] = t;
                }
            }
        }
        return level[t] >= 0;
    }

    /**
     * Finds one admissible S–T path along the level graph with current-arc pointers and pushes one
     * unit along it. Dead ends are removed from the level graph. False when no path is left.
     */
    private boolean augmentOne() {
        int depth = 0;
        path[0] = s;
        while (depth >= 0) {
            int u = path[depth];
            if (u == t) {
                for (int i = 0; i < depth; i++) {
                    push(path[i], path[i + 1]);
                }
                return true;
            }
            int v = nextAdmissible(u);
            if (v < 0) {
                level[u] = -1;
                depth--;
            } else {
                path[++depth] = v;
            }
        }
        return false;
    }

    /** The next arc out of u (from its current-arc pointer) that is admissible in the level graph. */
    private int nextAdmissible(int u) {
        int want = level[u] + 1;
        if (u == s) {
            for (; iter[u] < n; iter[u]++) {
                int h = iter[u];
                if (level[h] == want && out[h] < supply[h] && pot[s] - pot[h] == 0) {
                    return h;
                }
            }
            return -1;
        }
        if (u < n) {
            int row = u * n;
            for (; iter[u] < n; iter[u]++) {
                int x = iter[u];
                if (level[n + x] == want) {
                    int f = flow[row + x];
                    if (f < cost.capacity(u, x) && reducedForward(u, x, f) == 0) {
                        return n + x;
                    }
                }
            }
            return -1;
        }
        int x = u - n;
        int row = x * n;
        for (; iter[u] < n; iter[u]++) {
            int h = iter[u];
            if (level[h] == want) {
                int f = flowT[row + h];
                if (f > 0 && reducedBackward(h, x, f) == 0) {
                    return h;
                }
            }
        }
        if (iter[u] == n && level[t] == want && in[x] < demand[x] && pot[u] - pot[t] == 0) {
            return t;
        }
        return -1;
    }

    private void push(int u, int v) {
        if (u == s) {
            out[v]++;
        } else if (v == t) {
            in[u - n]++;
        } else if (u < n) {
            int x = v - n;
            flow[u * n + x]++;
            flowT[x * n + u]++;
        } else {
            int x = u - n;
            flow[v * n + x]--;
            flowT[x * n + v]--;
        }
    }
}
