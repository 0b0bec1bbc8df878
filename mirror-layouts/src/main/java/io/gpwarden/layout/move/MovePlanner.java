package io.gpwarden.layout.move;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Role;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.check.InstanceClashes;
import io.gpwarden.layout.check.StrategyRecognizer;
import io.gpwarden.layout.io.Sizes;
import io.gpwarden.layout.plan.MirrorDirectories;
import io.gpwarden.layout.plan.MirrorPlanner;
import io.gpwarden.layout.plan.PortRange;
import io.gpwarden.layout.plan.Strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans the fewest mirror moves that turn a cluster's layout into a valid layout of the target
 * strategy: (cluster, request, disk space) → plan, no I/O.
 *
 * <ol>
 *   <li>Refuse what gpmovemirrors cannot do or what has no answer: no mirrors, a content without
 *       a mirror, a mirror not in the mirror role, unbalanced primaries, spread with hosts ≤ P, a
 *       block size that does not divide the hosts.</li>
 *   <li>Choose per host pair how many mirrors go where ({@link TargetAssignment}, exact).</li>
 *   <li>Per source host, mirrors already on a chosen host stay (lowest content first); the others
 *       fill the remaining places in host order.</li>
 *   <li>A moved mirror keeps its directory name ("gpseg5") under the root of a mirror leaving the
 *       target host (or the --mirror-dirs roots), and gets the lowest port at or above the target
 *       host's lowest mirror port that no instance on that host uses before or after the move: the
 *       mirror it replaces may still be running while the new one is built.</li>
 *   <li>Check the result: every invariant holds and the layout is the target strategy (a failure here
 *       is a bug, not a user error). Then the space each target host needs against its free space.</li>
 * </ol>
 */
public final class MovePlanner {

    public MovePlan plan(Cluster cluster, MoveRequest request, DiskSpace disk) {
        HostLayout layout = HostLayout.of(cluster);
        checkMovable(cluster, layout, request);
        TargetAssignment.Allocation allocation = TargetAssignment.solve(layout, request.target(), request.blockSize());
        int n = layout.hostCount();
        int[] newHost = new int[layout.contentCount()];
        int[][] byHost = layout.contentsByPrimaryHost();
        int stays = 0;
        for (int h = 0; h < n; h++) {
            int[] left = new int[n];
            for (int t = 0; t < n; t++) {
                left[t] = allocation.units()[h * n + t];
            }
            List<Integer> moving = new ArrayList<>();
            for (int c : byHost[h]) {
                int m = layout.mirrorHost(c);
                if (left[m] > 0) {
                    left[m]--;
                    newHost[c] = m;
                    stays++;
                } else {
                    moving.add(c);
                }
            }
            int t = 0;
            for (int c : moving) {
                while (left[t] == 0) {
                    t++;
                }
                left[t]--;
                newHost[c] = t;
            }
        }
        List<MirrorMove> moves = placeMoves(cluster, layout, newHost, request);
        List<Segment> replaced = new ArrayList<>();
        for (MirrorMove mv : moves) {
            Segment f = mv.from();
            replaced.add(new Segment(f.dbid(), f.content(), f.role(), f.preferredRole(), f.mode(), f.status(), mv.toPort(),
                    mv.toHost(), mv.toAddress(), mv.toDatadir(), mv.toReplicationPort()));
        }
        Cluster result = cluster.withReplaced(replaced);
        verify(result, request);
        List<HostSpace> space = space(cluster, moves, disk);
        List<String> refused = new ArrayList<>();
        for (HostSpace s : space) {
            if (!s.fits()) {
                refused.add(s.host() + " needs " + Sizes.human(s.bytesNeeded()) + " for " + s.arriving() + " mirror"
                        + (s.arriving() == 1 ? "" : "s") + " but gp_disk_free reports " + Sizes.human(s.freeBytes()) + " free");
            }
        }
        if (!refused.isEmpty()) {
            throw new LayoutException("not enough disk space for this move: " + String.join("; ", refused)
                    + ". Free space on " + (refused.size() == 1 ? "that host" : "those hosts")
                    + " first (old mirror directories are removed only after the new mirrors are built)");
        }
        List<String> notes = new ArrayList<>();
        if (allocation.method() != null) {
            notes.add(allocation.method());
        }
        return new MovePlan(request.target(), request.target() == Strategy.BLOCK ? request.blockSize() : 0, moves, stays,
                space, result, notes);
    }

    private static void checkMovable(Cluster cluster, HostLayout layout, MoveRequest request) {
        if (!cluster.hasMirrors()) {
            throw new LayoutException("the cluster has no mirrors to move; plan them with 'gpwarden layout plan --strategy "
                    + request.target().label() + "'");
        }
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < cluster.contentCount(); c++) {
            Segment m = cluster.mirror(c);
            if (m == null) {
                problems.add("content " + c + " has no mirror (gpmovemirrors only moves existing mirrors)");
            } else if (m.role() != Role.MIRROR) {
                problems.add("content " + c + "'s mirror " + m.describe() + " is acting as primary (run gprecoverseg -r"
                        + " first: gpmovemirrors only moves instances in the mirror role)");
            } else if (m.datadir() == null) {
                problems.add("content " + c + "'s mirror has no data directory in the input (export GP5 catalogs joined"
                        + " with pg_filespace_entry)");
            }
            if (problems.size() >= 10) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new LayoutException("cannot move mirrors: " + String.join("; ", problems));
        }
        if (!layout.primariesBalanced()) {
            throw new LayoutException("hosts carry different numbers of primaries; no group, spread or block layout can"
                    + " balance that. Rebalance primaries (gpexpand, or a new cluster) before moving mirrors");
        }
        int n = layout.hostCount();
        int p = layout.primariesOn(0);
        if (n < 2) {
            throw new LayoutException("mirrors need at least 2 segment hosts");
        }
        switch (request.target()) {
            case SPREAD -> {
                if (n <= p) {
                    throw new LayoutException("spread mirroring needs more hosts than primaries per host: " + n + " hosts with "
                            + p + " primaries each. Use group, or block with a block size that divides " + n
                            + ", or add hosts (at least " + (p + 1) + ")");
                }
            }
            case BLOCK -> MirrorPlanner.checkBlockSize(request.blockSize(), n);
            default -> {
            }
        }
    }

    /** Ports and directories for the mirrors that change host. */
    private static List<MirrorMove> placeMoves(Cluster cluster, HostLayout layout, int[] newHost, MoveRequest request) {
        int n = layout.hostCount();
        Map<String, Set<Integer>> usedPorts = new HashMap<>();
        Map<String, Set<String>> usedDirs = new HashMap<>();
        Map<String, Integer> minMirrorPort = new HashMap<>();
        Map<String, Integer> minMirrorRepPort = new HashMap<>();
        Map<String, Integer> minPrimaryPort = new HashMap<>();
        Map<String, Map<String, Integer>> mirrorRoots = new HashMap<>();
        // The address mirrors on a host use today (lowest port), else that of its lowest-port primary.
        Map<String, Segment> addressMirror = new HashMap<>();
        Map<String, Segment> addressPrimary = new HashMap<>();
        for (Segment s : cluster.segments()) {
            if (s.isPreferredMirror()) {
                addressMirror.merge(s.hostname(), s, (a, b) -> a.port() <= b.port() ? a : b);
            } else if (s.isPreferredPrimary()) {
                addressPrimary.merge(s.hostname(), s, (a, b) -> a.port() <= b.port() ? a : b);
            }
            usedPorts.computeIfAbsent(s.hostname(), k -> new HashSet<>()).add(s.port());
            if (s.replicationPort() != null) {
                usedPorts.get(s.hostname()).add(s.replicationPort());
            }
            if (s.datadir() != null) {
                usedDirs.computeIfAbsent(s.hostname(), k -> new HashSet<>()).add(s.datadir());
            }
            if (s.isPreferredMirror()) {
                minMirrorPort.merge(s.hostname(), s.port(), Math::min);
                if (s.replicationPort() != null) {
                    minMirrorRepPort.merge(s.hostname(), s.replicationPort(), Math::min);
                }
                mirrorRoots.computeIfAbsent(s.hostname(), k -> new TreeMap<>())
                        .merge(MirrorDirectories.parent(s.datadir()), 1, Integer::sum);
            } else if (s.isPreferredPrimary()) {
                minPrimaryPort.merge(s.hostname(), s.port(), Math::min);
            }
        }
        // Roots freed on each host by the mirrors leaving it, in port order.
        Map<Integer, List<Segment>> leaving = new TreeMap<>();
        Map<Integer, List<Integer>> arriving = new TreeMap<>();
        for (int c = 0; c < layout.contentCount(); c++) {
            if (newHost[c] != layout.mirrorHost(c)) {
                leaving.computeIfAbsent(layout.mirrorHost(c), k -> new ArrayList<>()).add(cluster.mirror(c));
                arriving.computeIfAbsent(newHost[c], k -> new ArrayList<>()).add(c);
            }
        }
        for (List<Segment> l : leaving.values()) {
            l.sort((a, b) -> Integer.compare(a.port(), b.port()));
        }
        List<String> roots = request.mirrorDirs().stream().map(MirrorDirectories::normalize).toList();
        boolean gp5 = cluster.version() == GpVersion.GP5;
        List<MirrorMove> moves = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : arriving.entrySet()) {
            int t = e.getKey();
            String host = layout.host(t);
            List<Segment> freed = leaving.getOrDefault(t, List.of());
            Set<Integer> ports = usedPorts.computeIfAbsent(host, k -> new HashSet<>());
            Set<String> dirs = usedDirs.computeIfAbsent(host, k -> new HashSet<>());
            String address = addressMirror.containsKey(host) ? addressMirror.get(host).address()
                    : addressPrimary.get(host).address();
            int nextPort = minMirrorPort.containsKey(host) ? minMirrorPort.get(host)
                    : minPrimaryPort.get(host) + request.portOffset();
            int nextRep = minMirrorRepPort.containsKey(host) ? minMirrorRepPort.get(host) : nextPort + request.portOffset();
            List<Integer> contents = e.getValue();
            for (int i = 0; i < contents.size(); i++) {
                int c = contents.get(i);
                Segment from = cluster.mirror(c);
                String root;
                if (!roots.isEmpty()) {
                    root = MirrorDirectories.forHost(roots.get(i % roots.size()), host);
                } else if (i < freed.size()) {
                    root = MirrorDirectories.parent(freed.get(i).datadir());
                } else if (mirrorRoots.containsKey(host)) {
                    root = mostCommon(mirrorRoots.get(host));
                } else {
                    throw new LayoutException("host " + host + " has no mirror whose directory root could be reused;"
                            + " give --mirror-dirs");
                }
                String dir = MirrorDirectories.join(root, MirrorDirectories.name(from.datadir()));
                if (!dirs.add(dir)) {
                    throw new LayoutException("moving content " + c + "'s mirror to " + host + " would reuse the directory "
                            + dir + ", which an instance on that host already has; give --mirror-dirs with other roots");
                }
                while (ports.contains(nextPort)) {
                    nextPort++;
                }
                int port = nextPort;
                ports.add(port);
                Integer rep = null;
                if (gp5) {
                    while (ports.contains(nextRep)) {
                        nextRep++;
                    }
                    rep = nextRep;
                    ports.add(rep);
                }
                if (port > PortRange.MAX_PORT || (rep != null && rep > PortRange.MAX_PORT)) {
                    throw new LayoutException("host " + host + " has no free port up to " + PortRange.MAX_PORT
                            + " for content " + c + "'s mirror");
                }
                moves.add(new MirrorMove(c, from, host, address, port, dir, rep));
            }
        }
        moves.sort((a, b) -> Integer.compare(a.content(), b.content()));
        return moves;
    }

    private static String mostCommon(Map<String, Integer> roots) {
        String best = null;
        for (Map.Entry<String, Integer> e : roots.entrySet()) {
            if (best == null || e.getValue() > roots.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static void verify(Cluster result, MoveRequest request) {
        HostLayout after = HostLayout.of(result);
        List<String> clashes = InstanceClashes.find(result);
        if (!clashes.isEmpty()) {
            throw new IllegalStateException("move plan clashes: " + clashes);
        }
        StrategyRecognizer.mismatch(after, request.target(), request.blockSize()).ifPresent(why -> {
            throw new IllegalStateException("move plan does not reach " + request.target().label() + ": " + why);
        });
    }

    private static List<HostSpace> space(Cluster cluster, List<MirrorMove> moves, DiskSpace disk) {
        Map<String, List<MirrorMove>> byTarget = new TreeMap<>(io.gpwarden.layout.plan.HostOrder.NATURAL);
        for (MirrorMove m : moves) {
            byTarget.computeIfAbsent(m.toHost(), k -> new ArrayList<>()).add(m);
        }
        List<HostSpace> out = new ArrayList<>();
        byTarget.forEach((host, list) -> {
            Long need = 0L;
            for (MirrorMove m : list) {
                OptionalLong size = disk.sizeOf(m.content());
                if (size.isEmpty()) {
                    need = null;
                    break;
                }
                need += size.getAsLong();
            }
            OptionalLong free = disk.freeOn(host);
            out.add(new HostSpace(host, list.size(), need, free.isPresent() ? free.getAsLong() : null));
        });
        return out;
    }
}
