package io.gpwarden.layout.plan;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Role;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.check.InstanceClashes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans mirrors for a cluster that has none: (cluster, policy) → plan, no I/O and no state kept
 * between calls.
 *
 * <p>With {@link PlacementRules#GPADDMIRRORS} (the default) group and spread reproduce gpaddmirrors'
 * {@code GpMirrorBuildCalculator} exactly:
 * <ol>
 *   <li>primaries (content ≥ 0, preferred role p) are grouped by host name, each host's list sorted by
 *       port; hosts are sorted as plain strings ("sdw10" before "sdw2");</li>
 *   <li>group: every primary of host i goes to host i+1 (mod H); spread: the primaries of host i go
 *       to hosts i+1, i+2, ... skipping host i itself when the offset wraps;</li>
 *   <li>placing a mirror on host t: j = mirrors already placed on t, port = t's lowest primary port
 *       + j + offset, directory = mirrorDirs[j] + "/" + prefix + content, dbid = next after the
 *       largest dbid; GP5 adds replication ports base + j + 2·offset (mirror) and the primary host's
 *       base + its index + 3·offset (primary);</li>
 *   <li>the mirror's address comes from the target host's primaries, as gpaddmirrors picks it for
 *       standard and non-standard arrays.</li>
 * </ol>
 * Block uses the same placing rule with targets from {@link BlockChunking}, hosts in natural order
 * cut into consecutive blocks. {@link PlacementRules#GPINITSYSTEM} keeps the hosts and gives each
 * mirror its primary's port + offset and mirrorDirs[k], k being the primary's index on its host.
 *
 * <p>Refused (exit 2, nothing written): clusters that already have mirrors, fewer than two segment
 * hosts, spread with hosts ≤ primaries per host, block sizes that do not divide the hosts, a
 * mirror-directory list of the wrong length, a port offset outside 6432..61000, and any plan whose
 * ports or directories would clash on a host.
 */
public final class MirrorPlanner {

    public MirrorPlan plan(Cluster cluster, MirrorPolicy policy) {
        if (cluster.hasMirrors()) {
            throw new LayoutException("the cluster already has mirrors (gpaddmirrors refuses it too); use"
                    + " 'gpwarden layout move --to " + policy.strategy().label() + "' to rearrange them");
        }
        Map<String, List<Segment>> byHost = primariesByHost(cluster);
        List<String> hosts = new ArrayList<>(byHost.keySet());
        hosts.sort(HostOrder.PLAIN);
        int hostCount = hosts.size();
        int maxPrimaries = 0;
        String busiest = hosts.get(0);
        for (String h : hosts) {
            if (byHost.get(h).size() > maxPrimaries) {
                maxPrimaries = byHost.get(h).size();
                busiest = h;
            }
        }
        boolean balanced = byHost.values().stream().map(List::size).distinct().count() == 1;
        if (hostCount < 2) {
            throw new LayoutException("mirrors need at least 2 segment hosts (a mirror never lives on its primary's host);"
                    + " this cluster has 1 (" + hosts.get(0) + ")");
        }
        List<String> notes = new ArrayList<>();
        if (!balanced) {
            if (policy.strategy() == Strategy.BLOCK || policy.rules() == PlacementRules.GPINITSYSTEM) {
                throw new LayoutException(policy.strategy().label() + " with " + policy.rules().label()
                        + " rules needs the same number of primaries on every host; " + describeCounts(byHost, hosts)
                        + ". Use group or spread with gpaddmirrors rules, or balance the primaries first");
            }
            notes.add("the primaries are not balanced (" + describeCounts(byHost, hosts) + "): gpaddmirrors calls this a"
                    + " non-standard system, and no mirror layout can balance it");
        }
        checkStrategyFits(policy, hostCount, maxPrimaries);
        List<String> dirs = MirrorDirectories.expand(policy.mirrorDirs(), maxPrimaries, busiest);
        PortRange.check(cluster, policy.portOffset());

        List<PlannedMirror> planned = policy.rules() == PlacementRules.GPADDMIRRORS
                ? placeLikeAddMirrors(cluster, policy, byHost, hosts, dirs)
                : placeLikeInitSystem(cluster, policy, byHost, hosts, dirs);

        List<Segment> rows = new ArrayList<>();
        char mode = cluster.version() == GpVersion.GP5 ? 'r' : 'n';
        for (PlannedMirror m : planned) {
            rows.add(new Segment(m.dbid(), m.content(), Role.MIRROR, Role.MIRROR, mode, 'u', m.port(), m.hostname(),
                    m.address(), m.datadir(), m.replicationPort()));
        }
        Cluster result = withPrimaryReplicationPorts(cluster.withAdded(rows), planned);
        List<String> clashes = InstanceClashes.find(result);
        if (!clashes.isEmpty()) {
            throw new LayoutException("the planned mirrors would clash, and gpaddmirrors would refuse them: "
                    + String.join("; ", clashes) + ". Choose other --mirror-dirs or another --mirror-port-offset");
        }
        return new MirrorPlan(policy.strategy(), policy.strategy() == Strategy.BLOCK ? policy.blockSize() : 0,
                policy.rules(), planned, result, notes);
    }

    static void checkStrategyFits(MirrorPolicy policy, int hostCount, int primariesPerHost) {
        switch (policy.strategy()) {
            case GROUP -> {
                // Two or more hosts is all group needs; checked by the caller.
            }
            case SPREAD -> {
                if (hostCount <= primariesPerHost) {
                    throw new LayoutException("spread mirroring needs more hosts than primaries per host: " + hostCount
                            + " hosts with " + primariesPerHost + " primaries each cannot put one host's mirrors on "
                            + primariesPerHost + " different hosts. Add hosts (at least " + (primariesPerHost + 1)
                            + "), or use group, or block with a block size that divides " + hostCount);
                }
            }
            case BLOCK -> checkBlockSize(policy.blockSize(), hostCount);
            default -> throw new IllegalStateException(policy.strategy().name());
        }
    }

    /** Block size must be at least 2, at most the host count, and divide it. */
    public static void checkBlockSize(int blockSize, int hostCount) {
        if (blockSize < 2 || blockSize > hostCount || hostCount % blockSize != 0) {
            List<Integer> fits = new ArrayList<>();
            for (int b = 2; b <= hostCount; b++) {
                if (hostCount % b == 0) {
                    fits.add(b);
                }
            }
            String why = blockSize < 2 ? "block size " + blockSize + " is less than 2"
                    : "block size " + blockSize + " does not divide the " + hostCount + " hosts";
            throw new LayoutException(why + "; block sizes that work for " + hostCount + " hosts: "
                    + (fits.isEmpty() ? "none" : fits.toString().replaceAll("[\\[\\]]", "")));
        }
    }

    /** Primaries grouped by host name in catalog (content) order, each list sorted by port (stable). */
    static Map<String, List<Segment>> primariesByHost(Cluster cluster) {
        Map<String, List<Segment>> byHost = new LinkedHashMap<>();
        for (int c = 0; c < cluster.contentCount(); c++) {
            Segment p = cluster.primary(c);
            byHost.computeIfAbsent(p.hostname(), k -> new ArrayList<>()).add(p);
        }
        for (List<Segment> list : byHost.values()) {
            list.sort(Comparator.comparingInt(Segment::port));
        }
        return byHost;
    }

    private static String describeCounts(Map<String, List<Segment>> byHost, List<String> hosts) {
        Map<Integer, List<String>> byCount = new java.util.TreeMap<>();
        for (String h : hosts) {
            byCount.computeIfAbsent(byHost.get(h).size(), k -> new ArrayList<>()).add(h);
        }
        List<String> parts = new ArrayList<>();
        byCount.forEach((count, hs) -> parts.add(hs.size() + (hs.size() == 1 ? " host has " : " hosts have ") + count
                + " (" + String.join(", ", hs.subList(0, Math.min(3, hs.size()))) + (hs.size() > 3 ? ", ..." : "") + ")"));
        return String.join(", ", parts);
    }

    private List<PlannedMirror> placeLikeAddMirrors(Cluster cluster, MirrorPolicy policy,
                                                    Map<String, List<Segment>> byHost, List<String> hosts,
                                                    List<String> dirs) {
        AddMirrorsPlacer placer = new AddMirrorsPlacer(cluster, byHost, dirs, policy.portOffset(),
                AddMirrorsPlacer.isStandardArray(cluster));
        int n = hosts.size();
        switch (policy.strategy()) {
            case GROUP -> {
                for (int i = 0; i < n; i++) {
                    String target = hosts.get((i + 1) % n);
                    for (Segment p : byHost.get(hosts.get(i))) {
                        placer.place(p, target);
                    }
                }
            }
            case SPREAD -> {
                for (int i = 0; i < n; i++) {
                    int offset = 1;
                    for (Segment p : byHost.get(hosts.get(i))) {
                        int t = (i + offset) % n;
                        if (t == i) {
                            offset++;
                            t = (i + offset) % n;
                        }
                        placer.place(p, hosts.get(t));
                        offset++;
                    }
                }
            }
            case BLOCK -> {
                List<String> natural = new ArrayList<>(hosts);
                natural.sort(HostOrder.NATURAL);
                int b = policy.blockSize();
                int per = byHost.get(natural.get(0)).size();
                for (int i = 0; i < n; i++) {
                    int blockStart = i - i % b;
                    int position = i % b;
                    List<Segment> primaries = byHost.get(natural.get(i));
                    for (int k = 0; k < primaries.size(); k++) {
                        int target = blockStart + (position + BlockChunking.offsetFor(k, per, b)) % b;
                        placer.place(primaries.get(k), natural.get(target));
                    }
                }
            }
            default -> throw new IllegalStateException(policy.strategy().name());
        }
        return placer.placed();
    }

    private List<PlannedMirror> placeLikeInitSystem(Cluster cluster, MirrorPolicy policy,
                                                    Map<String, List<Segment>> byHost, List<String> hosts,
                                                    List<String> dirs) {
        int n = hosts.size();
        String prefix = cluster.addMirrorsPrefix();
        int offset = policy.portOffset();
        boolean gp5 = cluster.version() == GpVersion.GP5;
        Map<Integer, PlannedMirror> byContent = new java.util.TreeMap<>();
        List<String> order = new ArrayList<>(hosts);
        if (policy.strategy() == Strategy.BLOCK) {
            order.sort(HostOrder.NATURAL);
        }
        int per = byHost.get(order.get(0)).size();
        for (int i = 0; i < n; i++) {
            List<Segment> primaries = byHost.get(order.get(i));
            for (int k = 0; k < primaries.size(); k++) {
                Segment p = primaries.get(k);
                int t = switch (policy.strategy()) {
                    case GROUP -> (i + 1) % n;
                    case SPREAD -> (i + 1 + k) % n;
                    case BLOCK -> {
                        int b = policy.blockSize();
                        yield i - i % b + (i % b + BlockChunking.offsetFor(k, per, b)) % b;
                    }
                };
                String target = order.get(t);
                String address = byHost.get(target).get(0).address();
                Integer rep = gp5 ? p.port() + 2 * offset : null;
                Integer primaryRep = gp5 ? p.port() + 3 * offset : null;
                byContent.put(p.content(), new PlannedMirror(p.content(), 0, target, address, p.port() + offset,
                        MirrorDirectories.join(MirrorDirectories.forHost(dirs.get(k), target), prefix + p.content()), rep,
                        primaryRep));
            }
        }
        List<PlannedMirror> out = new ArrayList<>();
        int dbid = cluster.maxDbid() + 1;
        for (PlannedMirror m : byContent.values()) {
            out.add(new PlannedMirror(m.content(), dbid++, m.hostname(), m.address(), m.port(), m.datadir(),
                    m.replicationPort(), m.primaryReplicationPort()));
        }
        return out;
    }

    private static Cluster withPrimaryReplicationPorts(Cluster cluster, List<PlannedMirror> planned) {
        if (cluster.version() != GpVersion.GP5) {
            return cluster;
        }
        List<Segment> updated = new ArrayList<>();
        for (PlannedMirror m : planned) {
            Segment p = cluster.primary(m.content());
            updated.add(new Segment(p.dbid(), p.content(), p.role(), p.preferredRole(), p.mode(), p.status(), p.port(),
                    p.hostname(), p.address(), p.datadir(), m.primaryReplicationPort()));
        }
        return cluster.withReplaced(updated);
    }

}
