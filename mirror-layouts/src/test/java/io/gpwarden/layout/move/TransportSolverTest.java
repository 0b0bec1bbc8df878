package io.gpwarden.layout.move;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The dense solver against exhaustive search on small instances with convex pair costs. */
class TransportSolverTest {

    @Property(tries = 150)
    void findsTheCheapestFlowThatExhaustiveSearchFinds(@ForAll @IntRange(min = 2, max = 4) int n,
                                                       @ForAll @IntRange(min = 1, max = 3) int perHost,
                                                       @ForAll @IntRange(min = 1, max = 3) int pairCap,
                                                       @ForAll long seed) {
        Random random = new Random(seed);
        int[][] cheap = new int[n][n];
        int[][] base = new int[n][n];
        for (int h = 0; h < n; h++) {
            for (int t = 0; t < n; t++) {
                cheap[h][t] = random.nextInt(pairCap + 1);
                base[h][t] = random.nextInt(3);
            }
        }
        TransportSolver.PairCost cost = new TransportSolver.PairCost() {
            @Override
            public int capacity(int from, int to) {
                return from == to ? 0 : pairCap;
            }

            @Override
            public int unitCost(int from, int to, int unit) {
                return base[from][to] + (unit < cheap[from][to] ? 0 : 2);
            }
        };
        int[] supply = new int[n];
        java.util.Arrays.fill(supply, perHost);
        short[] flow = TransportSolver.solve(n, supply, supply, cost);
        long best = exhaustive(n, perHost, pairCap, cost);
        if (best == Long.MAX_VALUE) {
            assertThat(flow).isNull();
            return;
        }
        assertThat(flow).isNotNull();
        for (int h = 0; h < n; h++) {
            int out = 0;
            int in = 0;
            for (int t = 0; t < n; t++) {
                out += flow[h * n + t];
                in += flow[t * n + h];
                assertThat(flow[h * n + t]).isBetween((short) 0, (short) cost.capacity(h, t));
            }
            assertThat(out).isEqualTo(perHost);
            assertThat(in).isEqualTo(perHost);
        }
        assertThat(TransportSolver.totalCost(n, flow, cost)).isEqualTo(best);
    }

    /** Every matrix with the right row and column sums, by recursion over cells. */
    private static long exhaustive(int n, int perHost, int cap, TransportSolver.PairCost cost) {
        int[] x = new int[n * n];
        return search(0, x, n, perHost, cap, cost);
    }

    private static long search(int cell, int[] x, int n, int perHost, int cap, TransportSolver.PairCost cost) {
        if (cell == n * n) {
            for (int t = 0; t < n; t++) {
                int in = 0;
                for (int h = 0; h < n; h++) {
                    in += x[h * n + t];
                }
                if (in != perHost) {
                    return Long.MAX_VALUE;
                }
            }
            long total = 0;
            for (int i = 0; i < n * n; i++) {
                for (int k = 0; k < x[i]; k++) {
                    total += cost.unitCost(i / n, i % n, k);
                }
            }
            return total;
        }
        int h = cell / n;
        int t = cell % n;
        int rowSoFar = 0;
        for (int j = 0; j < t; j++) {
            rowSoFar += x[h * n + j];
        }
        long best = Long.MAX_VALUE;
        int max = Math.min(cost.capacity(h, t), perHost - rowSoFar);
        for (int v = 0; v <= max; v++) {
            if (t == n - 1 && rowSoFar + v != perHost) {
                continue;
            }
            x[cell] = v;
            best = Math.min(best, search(cell + 1, x, n, perHost, cap, cost));
        }
        x[cell] = 0;
        return best;
    }

    @Property(tries = 40)
    void agreesWithATextbookMinCostFlowOnLargerInstances(@ForAll @IntRange(min = 5, max = 24) int n,
                                                         @ForAll @IntRange(min = 1, max = 6) int perHost,
                                                         @ForAll @IntRange(min = 1, max = 3) int pairCap,
                                                         @ForAll long seed) {
        Random random = new Random(seed);
        int[][] cheap = new int[n][n];
        int[][] base = new int[n][n];
        for (int h = 0; h < n; h++) {
            for (int t = 0; t < n; t++) {
                cheap[h][t] = random.nextInt(pairCap + 1);
                base[h][t] = random.nextInt(4);
            }
        }
        TransportSolver.PairCost cost = new TransportSolver.PairCost() {
            @Override
            public int capacity(int from, int to) {
                return from == to ? 0 : pairCap;
            }

            @Override
            public int unitCost(int from, int to, int unit) {
                return base[from][to] + (unit < cheap[from][to] ? 0 : 1);
            }
        };
        int[] supply = new int[n];
        java.util.Arrays.fill(supply, perHost);
        short[] flow = TransportSolver.solve(n, supply, supply, cost);
        long reference = ReferenceMinCostFlow.minCost(n, supply, supply, cost);
        if (reference < 0) {
            assertThat(flow).isNull();
        } else {
            assertThat(TransportSolver.totalCost(n, flow, cost)).isEqualTo(reference);
        }
    }
}
