package io.gpwarden.layout.move;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A textbook min-cost flow for tests: explicit arcs (one per unit of pair capacity, so convex pair
 * costs become parallel arcs), successive shortest paths found with Bellman-Ford, one unit at a time.
 * Slow and simple, to check the dense solver on instances too large for exhaustive search.
 */
final class ReferenceMinCostFlow {
    private final List<int[]> arcs = new ArrayList<>(); // from, to, cap, cost; reverse arc at index ^ 1
    private final int nodes;

    private ReferenceMinCostFlow(int nodes) {
        this.nodes = nodes;
    }

    private void arc(int from, int to, int cap, int cost) {
        arcs.add(new int[] {from, to, cap, cost});
        arcs.add(new int[] {to, from, 0, -cost});
    }

    /** The minimum total cost, or -1 when the supplies cannot all be sent. */
    static long minCost(int n, int[] supply, int[] demand, TransportSolver.PairCost cost) {
        ReferenceMinCostFlow g = new ReferenceMinCostFlow(2 * n + 2);
        int s = 2 * n;
        int t = 2 * n + 1;
        long required = 0;
        for (int h = 0; h < n; h++) {
            g.arc(s, h, supply[h], 0);
            g.arc(n + h, t, demand[h], 0);
            required += supply[h];
            for (int x = 0; x < n; x++) {
                for (int k = 0; k < cost.capacity(h, x); k++) {
                    g.arc(h, n + x, 1, cost.unitCost(h, x, k));
                }
            }
        }
        long total = 0;
        for (long sent = 0; sent < required; sent++) {
            long[] dist = new long[g.nodes];
            int[] via = new int[g.nodes];
            Arrays.fill(dist, Long.MAX_VALUE / 4);
            Arrays.fill(via, -1);
            dist[s] = 0;
            for (int round = 0; round < g.nodes; round++) {
                boolean changed = false;
                for (int i = 0; i < g.arcs.size(); i++) {
                    int[] a = g.arcs.get(i);
                    if (a[2] > 0 && dist[a[0]] + a[3] < dist[a[1]]) {
                        dist[a[1]] = dist[a[0]] + a[3];
                        via[a[1]] = i;
                        changed = true;
                    }
                }
                if (!changed) {
                    break;
                }
            }
            if (via[t] < 0) {
                return -1;
            }
            for (int v = t; v != s; v = g.arcs.get(via[v])[0]) {
                g.arcs.get(via[v])[2]--;
                g.arcs.get(via[v] ^ 1)[2]++;
            }
            total += dist[t];
        }
        return total;
    }
}
