package io.gpwarden.layout.expand;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Role;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.check.InstanceClashes;
import io.gpwarden.layout.plan.BlockChunking;
import io.gpwarden.layout.plan.MirrorDirectories;
import io.gpwarden.layout.plan.Strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places segments on new hosts with gpexpand's rules ({@code GpArray.addExpansionHosts} and
 * {@code createSegmentRowsFromSegmentList}): (cluster, new hosts, strategy) → expansion, no I/O.
 *
 * <ol>
 *   <li>The prototype is the host of content 0's primary: its primaries and mirrors in content order.
 *       Every new host gets P primaries on ports lowest-primary-port + k, in the prototype primary's
 *       directory root, named prefix + content (prefix: the coordinator directory's basename up to its
 *       last '-').</li>
 *   <li>Mirrors stay among the new hosts, in the hosts file's order. Group: host i's mirrors on host
 *       i+1, ports lowest-mirror-port + k. Spread: host i's k-th mirror on host i+1+k, stepping over
 *       itself; ports count up per receiving host. Block (gpwarden's rule; gpexpand has none): whole
 *       blocks of B consecutive new hosts, the documented chunking inside each. Mirror directories
 *       come from the prototype's k-th mirror.</li>
 *   <li>Contents and dbids: primaries first, then mirrors, each sorted by host name; new contents
 *       follow the largest content, dbids the largest dbid.</li>
 * </ol>
 * Refused: hosts already in the cluster, group with fewer than 2 new hosts, spread with new hosts ≤ P,
 * block with a number of new hosts that is not a multiple of the block size, a strategy on a cluster
 * without mirrors, and any port or directory clash.
 */
public final class ExpansionPlanner {

    /** The mirror placement for the new hosts; NONE for a cluster without mirrors. */
    public enum Mirroring { NONE, GROUP, SPREAD, BLOCK }

    public Expansion plan(Cluster cluster, List<String> newHosts, Mirroring mirroring, int blockSize) {
        Set<String> existing = new HashSet<>();
        for (Segment s : cluster.segments()) {
            existing.add(s.hostname());
        }
        List<String> already = newHosts.stream().filter(existing::contains).toList();
        if (!already.isEmpty()) {
            throw new LayoutException("host" + (already.size() > 1 ? "s " : " ") + String.join(", ", already)
                    + (already.size() > 1 ? " are" : " is") + " already in the cluster (gpexpand would skip "
                    + (already.size() > 1 ? "them" : "it") + "): list only new hosts in --add-hosts");
        }
        if (cluster.hasMirrors() == (mirroring == Mirroring.NONE)) {
            throw new LayoutException(cluster.hasMirrors()
                    ? "the cluster has mirrors: choose --strategy group, spread or block for the new hosts"
                    : "the cluster has no mirrors, so the new hosts get none: drop --strategy (or add mirrors first)");
        }
        HostLayout layout = HostLayout.of(cluster);
        if (!layout.primariesBalanced()) {
            throw new LayoutException("hosts carry different numbers of primaries; gpexpand copies the host of content 0"
                    + " and would make that worse. Balance the primaries first");
        }
        String protoHost = cluster.primary(0).hostname();
        List<Segment> protoPrimaries = new ArrayList<>();
        List<Segment> protoMirrors = new ArrayList<>();
        for (int c = 0; c < cluster.contentCount(); c++) {
            if (cluster.primary(c).hostname().equals(protoHost)) {
                protoPrimaries.add(cluster.primary(c));
            }
            Segment m = cluster.mirror(c);
            if (m != null && m.hostname().equals(protoHost)) {
                protoMirrors.add(m);
            }
        }
        int p = protoPrimaries.size();
        int n = newHosts.size();
        checkFits(mirroring, n, p, blockSize, protoMirrors.size());
        if (cluster.segments().stream().anyMatch(s -> s.datadir() == null)) {
            throw new LayoutException("the input has no data directories (GP5 without pg_filespace_entry); gpexpand needs them");
        }
        String prefix = cluster.expandPrefix();
        int basePrimary = Integer.MAX_VALUE;
        int baseMirror = Integer.MAX_VALUE;
        for (Segment s : cluster.segments()) {
            if (s.isPreferredPrimary()) {
                basePrimary = Math.min(basePrimary, s.port());
            } else if (s.isPreferredMirror()) {
                baseMirror = Math.min(baseMirror, s.port());
            }
        }
        List<Row> rows = new ArrayList<>();
        int temp = 0;
        for (String host : newHosts) {
            for (int k = 0; k < p; k++) {
                rows.add(new Row(true, host, basePrimary + k,
                        MirrorDirectories.parent(protoPrimaries.get(k).datadir()) + "/" + prefix + temp, temp));
                temp++;
            }
        }
        if (mirroring != Mirroring.NONE) {
            rows.addAll(mirrorRows(mirroring, newHosts, protoMirrors, baseMirror, prefix, p, blockSize));
        }
        return finish(cluster, rows, mirroring, blockSize);
    }

    private static void checkFits(Mirroring mirroring, int n, int p, int blockSize, int protoMirrors) {
        if (n == 0) {
            throw new LayoutException("--add-hosts lists no hosts");
        }
        if (mirroring != Mirroring.NONE && protoMirrors != p) {
            throw new LayoutException("the host of content 0 carries " + p + " primaries but " + protoMirrors
                    + " mirrors; gpexpand copies that host, so it needs as many mirrors as primaries");
        }
        switch (mirroring) {
            case GROUP -> {
                if (n < 2) {
                    throw new LayoutException("group mirroring needs at least 2 new hosts (gpexpand: \"Not enough hosts for"
                            + " grouped mirroring\"); got " + n);
                }
            }
            case SPREAD -> {
                if (n <= p) {
                    throw new LayoutException("spread mirroring needs more new hosts than primaries per host (" + p
                            + "); got " + n + ". Add at least " + (p + 1) + " hosts, or expand with group and move mirrors"
                            + " into spread afterwards ('gpwarden layout move --to spread')");
                }
            }
            case BLOCK -> {
                if (blockSize < 2 || n % blockSize != 0) {
                    throw new LayoutException("block mirroring expands by whole blocks: " + n + " new hosts is not a"
                            + " multiple of block size " + blockSize + "; add " + blockSize + ", " + 2 * blockSize
                            + ", ... hosts");
                }
            }
            default -> {
            }
        }
    }

    private static List<Row> mirrorRows(Mirroring mirroring, List<String> hosts, List<Segment> protoMirrors, int baseMirror,
                                        String prefix, int p, int blockSize) {
        int n = hosts.size();
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> nextPort = new HashMap<>();
        int content = 0;
        switch (mirroring) {
            case GROUP -> {
                for (int i = 0; i < n; i++) {
                    String target = hosts.get((i + 1) % n);
                    for (int k = 0; k < p; k++) {
                        rows.add(new Row(false, target, baseMirror + k, dir(protoMirrors.get(k), prefix, content), content));
                        content++;
                    }
                }
            }
            case SPREAD -> {
                int last = 0;
                for (int i = 0; i < n; i++) {
                    int offset = last + 1;
                    last++;
                    for (int k = 0; k < p; k++) {
                        String target = hosts.get(offset % n);
                        if (target.equals(hosts.get(i))) {
                            offset++;
                            target = hosts.get(offset % n);
                        }
                        int port = nextPort.merge(target, 1, Integer::sum) - 1 + baseMirror;
                        rows.add(new Row(false, target, port, dir(protoMirrors.get(k), prefix, content), content));
                        content++;
                        offset++;
                    }
                }
            }
            case BLOCK -> {
                for (int i = 0; i < n; i++) {
                    int start = i - i % blockSize;
                    for (int k = 0; k < p; k++) {
                        String target = hosts.get(start + (i % blockSize + BlockChunking.offsetFor(k, p, blockSize)) % blockSize);
                        int port = nextPort.merge(target, 1, Integer::sum) - 1 + baseMirror;
                        rows.add(new Row(false, target, port, dir(protoMirrors.get(k), prefix, content), content));
                        content++;
                    }
                }
            }
            default -> throw new IllegalStateException(mirroring.name());
        }
        return rows;
    }

    private static String dir(Segment protoMirror, String prefix, int content) {
        return MirrorDirectories.parent(protoMirror.datadir()) + "/" + prefix + content;
    }

    /** gpexpand's {@code _fixup_and_add_expansion_segments}: renumber contents and dbids, rename directories. */
    private static Expansion finish(Cluster cluster, List<Row> rows, Mirroring mirroring, int blockSize) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Row r) -> !r.primary).thenComparing(r -> r.host));
        int nextContent = cluster.contentCount();
        int nextDbid = cluster.maxDbid() + 1;
        Map<Integer, Integer> contentOf = new HashMap<>();
        List<Segment> added = new ArrayList<>();
        char mode = cluster.version() == GpVersion.GP5 ? 's' : 'n';
        for (Row r : sorted) {
            int content;
            if (r.primary) {
                content = nextContent++;
                contentOf.put(r.tempContent, content);
            } else {
                content = contentOf.get(r.tempContent);
            }
            String datadir = r.dir.substring(0, r.dir.lastIndexOf(String.valueOf(r.tempContent))) + content;
            Role role = r.primary ? Role.PRIMARY : Role.MIRROR;
            added.add(new Segment(nextDbid++, content, role, role, mode, 'u', r.port, r.host, r.host, datadir, null));
        }
        added.sort(Comparator.comparingInt(Segment::content).thenComparing(s -> s.preferredRole() == Role.MIRROR));
        Cluster result = cluster.withAdded(added);
        List<String> clashes = InstanceClashes.find(result);
        if (!clashes.isEmpty()) {
            throw new LayoutException("the new segments would clash: " + String.join("; ", clashes));
        }
        Strategy strategy = switch (mirroring) {
            case GROUP -> Strategy.GROUP;
            case SPREAD -> Strategy.SPREAD;
            case BLOCK -> Strategy.BLOCK;
            case NONE -> null;
        };
        return new Expansion(added, result, strategy, blockSize);
    }

    private record Row(boolean primary, String host, int port, String dir, int tempContent) {
    }

    /** The new rows (by content, primary before mirror: the gpexpand input file's order) and the cluster after. */
    public record Expansion(List<Segment> added, Cluster result, Strategy strategy, int blockSize) {
        public Expansion {
            added = List.copyOf(added);
        }
    }
}
