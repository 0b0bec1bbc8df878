package io.gpwarden.layout;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host-level shape of a cluster's configured layout, as arrays indexed by content and host,
 * so that checks, what-ifs and move planning on 4,000 hosts stay in memory and in cache.
 *
 * <p>Hosts are the segment hosts in plain string order (the order gpaddmirrors sorts them in).
 * {@code primaryHost[c]} is the host index of content c's configured primary, {@code mirrorHost[c]}
 * that of its configured mirror or -1. Roles are the preferred ones: the layout as designed, not
 * who happens to be acting primary after a failover.
 */
public final class HostLayout {
    private final String[] hosts;
    private final Map<String, Integer> indexOf;
    private final int[] primaryHost;
    private final int[] mirrorHost;
    private final int[] primariesPerHost;
    private final int[] mirrorsPerHost;

    public HostLayout(String[] hosts, int[] primaryHost, int[] mirrorHost) {
        this.hosts = hosts.clone();
        this.primaryHost = primaryHost.clone();
        this.mirrorHost = mirrorHost.clone();
        this.indexOf = new HashMap<>(hosts.length * 2);
        for (int i = 0; i < hosts.length; i++) {
            indexOf.put(hosts[i], i);
        }
        this.primariesPerHost = new int[hosts.length];
        this.mirrorsPerHost = new int[hosts.length];
        for (int c = 0; c < primaryHost.length; c++) {
            primariesPerHost[primaryHost[c]]++;
            if (mirrorHost[c] >= 0) {
                mirrorsPerHost[mirrorHost[c]]++;
            }
        }
    }

    /** The configured layout of a cluster. */
    public static HostLayout of(Cluster cluster) {
        List<String> names = cluster.segmentHosts();
        String[] hosts = names.toArray(new String[0]);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < hosts.length; i++) {
            idx.put(hosts[i], i);
        }
        int n = cluster.contentCount();
        int[] p = new int[n];
        int[] m = new int[n];
        for (int c = 0; c < n; c++) {
            p[c] = idx.get(cluster.primary(c).hostname());
            Segment mirror = cluster.mirror(c);
            m[c] = mirror == null ? -1 : idx.get(mirror.hostname());
        }
        return new HostLayout(hosts, p, m);
    }

    public int hostCount() {
        return hosts.length;
    }

    public int contentCount() {
        return primaryHost.length;
    }

    public String host(int index) {
        return hosts[index];
    }

    public String[] hosts() {
        return hosts.clone();
    }

    /** The index of a host, or -1 when it carries no segment. */
    public int indexOf(String host) {
        Integer i = indexOf.get(host);
        return i == null ? -1 : i;
    }

    public int primaryHost(int content) {
        return primaryHost[content];
    }

    public int mirrorHost(int content) {
        return mirrorHost[content];
    }

    public int primariesOn(int host) {
        return primariesPerHost[host];
    }

    public int mirrorsOn(int host) {
        return mirrorsPerHost[host];
    }

    public int maxPrimariesPerHost() {
        return Arrays.stream(primariesPerHost).max().orElse(0);
    }

    /** True when every host carries the same number of primaries (gpaddmirrors' "standard" shape). */
    public boolean primariesBalanced() {
        return Arrays.stream(primariesPerHost).distinct().count() <= 1;
    }

    public boolean fullyMirrored() {
        for (int m : mirrorHost) {
            if (m < 0) {
                return false;
            }
        }
        return primaryHost.length > 0;
    }

    /**
     * For each host, the contents it holds primaries for, ordered by content: {@code result[h]} lists
     * content ids.
     */
    public int[][] contentsByPrimaryHost() {
        int[][] out = new int[hosts.length][];
        int[] fill = new int[hosts.length];
        for (int h = 0; h < hosts.length; h++) {
            out[h] = new int[primariesPerHost[h]];
        }
        for (int c = 0; c < primaryHost.length; c++) {
            int h = primaryHost[c];
            out[h][fill[h]++] = c;
        }
        return out;
    }

    /**
     * Sparse mirror traffic: for source host h, the distinct target hosts its mirrors sit on
     * ({@code targets[h]}) and how many of h's mirrors sit on each ({@code counts[h]}), targets ascending.
     */
    public Traffic traffic() {
        int n = hosts.length;
        int[][] targets = new int[n][];
        int[][] counts = new int[n][];
        int[][] byHost = contentsByPrimaryHost();
        int[] scratch = new int[n];
        for (int h = 0; h < n; h++) {
            int[] seen = new int[byHost[h].length];
            int k = 0;
            for (int c : byHost[h]) {
                int t = mirrorHost[c];
                if (t < 0) {
                    continue;
                }
                if (scratch[t]++ == 0) {
                    seen[k++] = t;
                }
            }
            int[] ts = Arrays.copyOf(seen, k);
            Arrays.sort(ts);
            int[] cs = new int[k];
            for (int i = 0; i < k; i++) {
                cs[i] = scratch[ts[i]];
                scratch[ts[i]] = 0;
            }
            targets[h] = ts;
            counts[h] = cs;
        }
        return new Traffic(targets, counts);
    }

    /** Mirror counts from each source host to each target host, stored sparsely. */
    public record Traffic(int[][] targets, int[][] counts) {
        /** How many of {@code from}'s mirrors sit on {@code to}. */
        public int count(int from, int to) {
            int i = Arrays.binarySearch(targets[from], to);
            return i < 0 ? 0 : counts[from][i];
        }
    }
}
