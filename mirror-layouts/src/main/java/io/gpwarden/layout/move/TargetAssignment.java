package io.gpwarden.layout.move;

import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.plan.Strategy;

import java.util.Arrays;
import java.util.List;

/**
 * Chooses, at host level, where each host's mirrors go in the target layout so that as many mirrors
 * as possible stay where they are. The result says how many of host h's mirrors go to host t; which
 * contents those are is decided afterwards (mirrors already on t stay first).
 *
 * <p>Method, per target strategy (P primaries per host, count(h,t) = h's mirrors on t today):
 * <ul>
 *   <li>group: choose a backup host π(h) ≠ h for every host, π a permutation, maximising
 *       Σ count(h, π(h)). That is an assignment problem: min-cost perfect matching with cost
 *       P − count(h,t), solved exactly by {@link TransportSolver}.</li>
 *   <li>spread: choose for every host P distinct other hosts, every host chosen by exactly P hosts,
 *       maximising the number of chosen pairs that already hold one of h's mirrors (only one of h's
 *       mirrors may stay on a host). A 0/1 transportation problem with cost 0 for pairs with
 *       count ≥ 1 and 1 otherwise, solved exactly.</li>
 *   <li>block of size B: first the blocks, then within each block a transportation problem with pair
 *       capacity ceil(P/(B−1)) where the first count(h,t) units of a pair cost 0 and the rest 1
 *       (exact). Blocks: when the hosts can be split into blocks in at most
 *       {@value #EXACT_PARTITION_LIMIT} ways, every split is solved and the best kept, so the
 *       result is the fewest moves over all block layouts. Beyond that, two candidate splits are
 *       solved and the best kept: consecutive hosts in natural order (what {@code plan} builds), runs
 *       of a walk along today's mirror traffic (keeps a group layout's backup chains together), and
 *       blocks grown greedily from the traffic (each seeded with the first free host in natural order
 *       and grown by the host with the most mirrors that could stay).
 *       The move count is then the fewest for the chosen blocks, and the plan says so.</li>
 * </ul>
 */
final class TargetAssignment {
    static final int EXACT_PARTITION_LIMIT = 3000;

    /** Units from h to t, row-major n×n, and how the blocks were chosen (null unless block). */
    record Allocation(short[] units, String method) {
    }

    private TargetAssignment() {
    }

    static Allocation solve(HostLayout layout, Strategy strategy, int blockSize) {
        int n = layout.hostCount();
        int p = layout.primariesOn(0);
        HostLayout.Traffic traffic = layout.traffic();
        switch (strategy) {
            case GROUP: {
                int[] one = filled(n, 1);
                short[] match = TransportSolver.solve(n, one, one, new TransportSolver.PairCost() {
                    @Override
                    public int capacity(int from, int to) {
                        return from == to ? 0 : 1;
                    }

                    @Override
                    public int unitCost(int from, int to, int unit) {
                        return p - traffic.count(from, to);
                    }
                });
                short[] units = new short[n * n];
                for (int i = 0; i < match.length; i++) {
                    units[i] = (short) (match[i] * p);
                }
                return new Allocation(units, null);
            }
            case SPREAD: {
                int[] ps = filled(n, p);
                short[] units = TransportSolver.solve(n, ps, ps, new TransportSolver.PairCost() {
                    @Override
                    public int capacity(int from, int to) {
                        return from == to ? 0 : 1;
                    }

                    @Override
                    public int unitCost(int from, int to, int unit) {
                        return traffic.count(from, to) > 0 ? 0 : 1;
                    }
                });
                return new Allocation(requireFeasible(units), null);
            }
            case BLOCK:
                return block(layout, traffic, blockSize, p);
            default:
                throw new IllegalStateException(strategy.name());
        }
    }

    private static short[] requireFeasible(short[] units) {
        if (units == null) {
            throw new IllegalStateException("no feasible target layout; the caller checks feasibility first");
        }
        return units;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    // ---- block ----

    private static Allocation block(HostLayout layout, HostLayout.Traffic traffic, int b, int p) {
        int n = layout.hostCount();
        BlockSplits.BlockSolver solver = new BlockSplits.BlockSolver(traffic, b, p);
        double ways = BlockSplits.partitionCount(n, b);
        List<int[]> best;
        String method;
        if (ways <= EXACT_PARTITION_LIMIT && n <= 63) {
            best = BlockSplits.bestOfAllPartitions(n, b, solver);
            method = "every one of the " + (long) ways + " ways to split the hosts into blocks was compared:"
                    + " no block layout needs fewer moves";
        } else {
            // Candidates in order of preference on ties: what plan builds, then two traffic-driven splits.
            List<String> names = List.of("cut from consecutive hosts in natural order",
                    "cut from a walk along today's mirror traffic", "grown from today's mirror traffic");
            List<List<int[]>> candidates = List.of(BlockSplits.naturalBlocks(layout, b),
                    BlockSplits.walkedBlocks(layout, traffic, b, p), BlockSplits.grownBlocks(layout, traffic, b, p));
            int bestIndex = 0;
            int[] stays = new int[candidates.size()];
            for (int i = 0; i < candidates.size(); i++) {
                stays[i] = solver.stays(candidates.get(i));
                if (stays[i] > stays[bestIndex]) {
                    bestIndex = i;
                }
            }
            best = candidates.get(bestIndex);
            method = "blocks were " + names.get(bestIndex) + " (" + stays[bestIndex] + " mirrors stay; the other candidate"
                    + " splits kept " + stays[(bestIndex + 1) % 3] + " and " + stays[(bestIndex + 2) % 3]
                    + "); within these blocks no layout needs fewer moves";
        }
        short[] units = new short[n * n];
        for (int[] members : best) {
            short[] local = solver.solve(members);
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < b; j++) {
                    units[members[i] * n + members[j]] = local[i * b + j];
                }
            }
        }
        return new Allocation(units, method);
    }

}
