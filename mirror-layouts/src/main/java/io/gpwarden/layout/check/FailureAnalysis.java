package io.gpwarden.layout.check;

import io.gpwarden.layout.HostLayout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What-ifs for host failures, computed exactly and without simulating each failure content by
 * content.
 *
 * <p>When hosts fail, a content whose primary host failed is served by its mirror if the mirror's
 * host survived, and is unavailable otherwise; a host's active primaries are its own primaries plus
 * the mirrors it promotes. Roles are the configured (preferred) ones.
 *
 * <ul>
 *   <li>Single failures: for host f, the load on t is {@code P[t] + m_f(t)} where {@code m_f(t)} is the
 *       number of f's mirrors on t (at most P nonzero terms). The busiest host is the best of the
 *       touched hosts and the first untouched host in a list of hosts sorted by P descending. O(H·P).</li>
 *   <li>Pair failures: a content is lost by the pair {a, b} exactly when {primary host, mirror host} =
 *       {a, b} (or one of them holds an unmirrored content), so the pairs that lose data are the
 *       distinct primary-host/mirror-host pairs, counted from the contents in O(N). The busiest
 *       host after {a, b} fail is found as above from {@code P[t] + m_a(t) + m_b(t)}: O(P) per pair,
 *       O(H²·P) for all pairs, with no per-pair allocation.</li>
 * </ul>
 */
public final class FailureAnalysis {
    private final HostLayout layout;
    private final int n;
    private final int[] base;
    private final int[] byBaseDesc;
    private final int[][] targets;
    private final int[][] counts;
    /** Contents a host loses on its own: unmirrored, or mirrored onto the same host. */
    private final int[] selfLost;

    public FailureAnalysis(HostLayout layout) {
        this.layout = layout;
        this.n = layout.hostCount();
        this.base = new int[n];
        for (int h = 0; h < n; h++) {
            base[h] = layout.primariesOn(h);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> base[b] != base[a] ? Integer.compare(base[b], base[a]) : Integer.compare(a, b));
        this.byBaseDesc = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        this.selfLost = new int[n];
        HostLayout.Traffic traffic = layout.traffic();
        this.targets = new int[n][];
        this.counts = new int[n][];
        for (int h = 0; h < n; h++) {
            int[] ts = traffic.targets()[h];
            int[] cs = traffic.counts()[h];
            int keep = 0;
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] != h) {
                    keep++;
                } else {
                    selfLost[h] += cs[i];
                }
            }
            targets[h] = new int[keep];
            counts[h] = new int[keep];
            int k = 0;
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] != h) {
                    targets[h][k] = ts[i];
                    counts[h][k++] = cs[i];
                }
            }
        }
        for (int c = 0; c < layout.contentCount(); c++) {
            if (layout.mirrorHost(c) < 0) {
                selfLost[layout.primaryHost(c)]++;
            }
        }
    }

    /** The outcome of one host failing. */
    public record SingleFailure(String failedHost, String busiestHost, int busiestActivePrimaries, int contentsLost) {
    }

    /** Every single-host failure, in host order. */
    public List<SingleFailure> singleFailures() {
        List<SingleFailure> out = new ArrayList<>(n);
        int[] acc = new int[n];
        int[] mark = new int[n];
        int stamp = 0;
        for (int f = 0; f < n; f++) {
            stamp++;
            int best = -1;
            int bestHost = -1;
            for (int i = 0; i < targets[f].length; i++) {
                int t = targets[f][i];
                acc[t] = base[t] + counts[f][i];
                mark[t] = stamp;
                if (acc[t] > best || (acc[t] == best && t < bestHost)) {
                    best = acc[t];
                    bestHost = t;
                }
            }
            for (int t : byBaseDesc) {
                if (t == f || mark[t] == stamp) {
                    continue;
                }
                if (base[t] > best || (base[t] == best && t < bestHost)) {
                    best = base[t];
                    bestHost = t;
                }
                break;
            }
            out.add(new SingleFailure(layout.host(f), bestHost < 0 ? null : layout.host(bestHost), Math.max(best, 0),
                    selfLost[f]));
        }
        return out;
    }

    /**
     * Over all unordered pairs of failed hosts: how many pairs make at least one content unavailable,
     * the most contents one pair loses, and how busy the busiest surviving host gets.
     *
     * @param pairs                  H·(H-1)/2
     * @param pairsLosingContent     pairs after whose failure some content has neither primary nor mirror
     * @param worstLossPair          a pair losing the most contents ("a+b"), or null when none loses any
     * @param worstBusiestActive     the largest number of active primaries on one host over all pairs
     * @param busiestHistogram       busiest host's active primaries → number of pairs
     */
    public record PairSummary(long pairs, long pairsLosingContent, int maxContentsLostByOnePair, String worstLossPair,
                              int worstBusiestActive, String worstBusiestPair, SortedMap<Integer, Long> busiestHistogram) {
    }

    public PairSummary pairFailures() {
        long pairs = (long) n * (n - 1) / 2;
        // Pairs that lose data: distinct {primary host, mirror host} pairs, plus every pair touching a
        // host that loses data on its own.
        Map<Long, Integer> lossByPair = new HashMap<>();
        for (int c = 0; c < layout.contentCount(); c++) {
            int p = layout.primaryHost(c);
            int m = layout.mirrorHost(c);
            if (m < 0 || m == p) {
                continue;
            }
            long key = (long) Math.min(p, m) * n + Math.max(p, m);
            lossByPair.merge(key, 1, Integer::sum);
        }
        int selfHosts = 0;
        for (int h = 0; h < n; h++) {
            if (selfLost[h] > 0) {
                selfHosts++;
            }
        }
        long losing = pairs - (long) (n - selfHosts) * (n - selfHosts - 1) / 2;
        int maxLost = 0;
        String worstLoss = null;
        for (Map.Entry<Long, Integer> e : lossByPair.entrySet()) {
            int a = (int) (e.getKey() / n);
            int b = (int) (e.getKey() % n);
            if (selfLost[a] == 0 && selfLost[b] == 0) {
                losing++;
            }
            int lost = e.getValue() + selfLost[a] + selfLost[b];
            if (lost > maxLost) {
                maxLost = lost;
                worstLoss = layout.host(a) + "+" + layout.host(b);
            }
        }
        // Pairs of self-losing hosts that share no primary/mirror pair.
        int[] topSelf = topTwoSelfLost();
        if (topSelf[0] >= 0 && topSelf[1] >= 0) {
            int lost = selfLost[topSelf[0]] + selfLost[topSelf[1]];
            if (lost > maxLost) {
                maxLost = lost;
                worstLoss = layout.host(topSelf[0]) + "+" + layout.host(topSelf[1]);
            }
        }

        long[] histogram = new long[maxPossibleLoad() + 1];
        int[] acc = new int[n];
        int[] mark = new int[n];
        int stamp = 0;
        int worstBusy = -1;
        int worstA = -1;
        int worstB = -1;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                stamp++;
                int best = -1;
                best = touch(a, a, b, acc, mark, stamp, best);
                best = touch(b, a, b, acc, mark, stamp, best);
                for (int t : byBaseDesc) {
                    if (t == a || t == b || mark[t] == stamp) {
                        continue;
                    }
                    best = Math.max(best, base[t]);
                    break;
                }
                if (best < 0) {
                    best = 0;
                }
                histogram[best]++;
                if (best > worstBusy) {
                    worstBusy = best;
                    worstA = a;
                    worstB = b;
                }
            }
        }
        SortedMap<Integer, Long> hist = new TreeMap<>();
        for (int v = 0; v < histogram.length; v++) {
            if (histogram[v] > 0) {
                hist.put(v, histogram[v]);
            }
        }
        return new PairSummary(pairs, losing, maxLost, worstLoss, Math.max(worstBusy, 0),
                worstA < 0 ? null : layout.host(worstA) + "+" + layout.host(worstB), hist);
    }

    private int touch(int failed, int a, int b, int[] acc, int[] mark, int stamp, int best) {
        int[] ts = targets[failed];
        int[] cs = counts[failed];
        for (int i = 0; i < ts.length; i++) {
            int t = ts[i];
            if (t == a || t == b) {
                continue;
            }
            if (mark[t] != stamp) {
                mark[t] = stamp;
                acc[t] = base[t];
            }
            acc[t] += cs[i];
            if (acc[t] > best) {
                best = acc[t];
            }
        }
        return best;
    }

    private int maxPossibleLoad() {
        int maxBase = 0;
        int maxOut = 0;
        for (int h = 0; h < n; h++) {
            maxBase = Math.max(maxBase, base[h]);
            int out = 0;
            for (int c : counts[h]) {
                out += c;
            }
            maxOut = Math.max(maxOut, out);
        }
        return maxBase + 2 * maxOut;
    }

    private int[] topTwoSelfLost() {
        int first = -1;
        int second = -1;
        for (int h = 0; h < n; h++) {
            if (selfLost[h] == 0) {
                continue;
            }
            if (first < 0 || selfLost[h] > selfLost[first]) {
                second = first;
                first = h;
            } else if (second < 0 || selfLost[h] > selfLost[second]) {
                second = h;
            }
        }
        return new int[] {first, second};
    }

    /**
     * The outcome of a given set of hosts failing together.
     *
     * @param lostContents contents with neither primary nor mirror on a surviving host
     * @param activeByHost active primaries on each surviving host, in host order
     */
    public record Scenario(List<String> failedHosts, List<Integer> lostContents, String busiestHost,
                           int busiestActivePrimaries, Map<String, Integer> activeByHost) {
    }

    public Scenario scenario(List<String> failed) {
        boolean[] down = new boolean[n];
        for (String h : failed) {
            int i = layout.indexOf(h);
            if (i < 0) {
                throw new IllegalArgumentException("unknown host " + h);
            }
            down[i] = true;
        }
        int[] active = new int[n];
        List<Integer> lost = new ArrayList<>();
        for (int c = 0; c < layout.contentCount(); c++) {
            int p = layout.primaryHost(c);
            int m = layout.mirrorHost(c);
            if (!down[p]) {
                active[p]++;
            } else if (m >= 0 && !down[m]) {
                active[m]++;
            } else {
                lost.add(c);
            }
        }
        Map<String, Integer> byHost = new java.util.LinkedHashMap<>();
        int best = -1;
        String bestHost = null;
        for (int h = 0; h < n; h++) {
            if (down[h]) {
                continue;
            }
            byHost.put(layout.host(h), active[h]);
            if (active[h] > best) {
                best = active[h];
                bestHost = layout.host(h);
            }
        }
        return new Scenario(List.copyOf(failed), lost, bestHost, Math.max(best, 0), byHost);
    }
}
