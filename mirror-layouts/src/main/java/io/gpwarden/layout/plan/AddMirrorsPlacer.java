package io.gpwarden.layout.plan;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Role;
import io.gpwarden.layout.Segment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * gpaddmirrors' rule for placing one mirror on a target host ({@code __addMirrorForTargetHost}) and
 * its per-call state: mirrors already placed per host (j), primaries already attached per host, and
 * the next dbid. Confined to one plan; the planner decides the targets, this class the port,
 * directory, address, dbid and GP5 replication ports.
 */
final class AddMirrorsPlacer {

    private final Map<String, List<Segment>> byHost;
    private final List<String> dirs;
    private final int offset;
    private final boolean standard;
    private final String prefix;
    private final boolean gp5;
    private final Map<String, Integer> added = new HashMap<>();
    private final Map<String, Integer> attached = new HashMap<>();
    private final List<PlannedMirror> placed = new ArrayList<>();
    private int nextDbid;

    AddMirrorsPlacer(Cluster cluster, Map<String, List<Segment>> byHost, List<String> dirs, int offset,
                     boolean standard) {
        this.byHost = byHost;
        this.dirs = dirs;
        this.offset = offset;
        this.standard = standard;
        this.prefix = cluster.addMirrorsPrefix();
        this.gp5 = cluster.version() == GpVersion.GP5;
        this.nextDbid = cluster.maxDbid() + 1;
    }

    void place(Segment primary, String target) {
        String source = primary.hostname();
        List<Segment> onTarget = byHost.get(target);
        int j = added.getOrDefault(target, 0);
        int used = attached.getOrDefault(source, 0);
        if (j >= dirs.size()) {
            throw new LayoutException("more mirrors targeted to host " + target + " than there are mirror data"
                    + " directories (" + dirs.size() + "): give at least " + (j + 1) + " --mirror-dirs");
        }
        int base = minPort(onTarget) + j;
        int port = base + offset;
        String address = chooseAddress(primary, onTarget, j);
        String datadir = MirrorDirectories.join(MirrorDirectories.forHost(dirs.get(j), target), prefix + primary.content());
        Integer rep = gp5 ? base + 2 * offset : null;
        Integer primaryRep = gp5 ? minPort(byHost.get(source)) + used + 3 * offset : null;
        placed.add(new PlannedMirror(primary.content(), nextDbid++, target, address, port, datadir, rep, primaryRep));
        added.put(target, j + 1);
        attached.put(source, used + 1);
    }

    private String chooseAddress(Segment primary, List<Segment> onTarget, int j) {
        if (!standard) {
            return onTarget.get(j % onTarget.size()).address();
        }
        List<String> sourceAddresses = new ArrayList<>(distinctAddresses(byHost.get(primary.hostname())));
        List<String> targetAddresses = new ArrayList<>(distinctAddresses(onTarget));
        int index = sourceAddresses.indexOf(primary.address());
        if (index < 0) {
            index = sourceAddresses.size();
        }
        index = (index + 1) % sourceAddresses.size();
        if (index >= targetAddresses.size()) {
            throw new LayoutException("host " + primary.hostname() + " has " + sourceAddresses.size()
                    + " addresses but host " + onTarget.get(0).hostname() + " has " + targetAddresses.size()
                    + ": gpaddmirrors cannot pick a mirror address; write the mirror file by hand or give the hosts"
                    + " the same number of addresses");
        }
        return targetAddresses.get(index);
    }

    private static TreeSet<String> distinctAddresses(List<Segment> segments) {
        TreeSet<String> out = new TreeSet<>();
        for (Segment s : segments) {
            out.add(s.address());
        }
        return out;
    }

    private static int minPort(List<Segment> segments) {
        int min = Integer.MAX_VALUE;
        for (Segment s : segments) {
            min = Math.min(min, s.port());
        }
        return min;
    }

    List<PlannedMirror> placed() {
        return placed;
    }

    /**
     * gpaddmirrors' {@code GpArray.isStandardArray()}: every segment host carries the same numbers of
     * primaries and mirrors, and every non-coordinator address is the host name or ends in "-digits".
     * (Greenplum's suffix list is never reset between hosts, so only those two rules bite.)
     */
    static boolean isStandardArray(Cluster cluster) {
        Map<String, List<Segment>> byHost = new LinkedHashMap<>();
        for (Segment s : catalogOrder(cluster)) {
            byHost.computeIfAbsent(s.hostname(), k -> new ArrayList<>()).add(s);
        }
        Integer firstPrimaries = null;
        Integer firstMirrors = null;
        for (List<Segment> list : byHost.values()) {
            if (list.stream().allMatch(Segment::isCoordinatorOrStandby) && list.size() <= 2) {
                continue;
            }
            int primaries = 0;
            int mirrors = 0;
            for (Segment s : list) {
                if (s.isCoordinatorOrStandby()) {
                    continue;
                }
                if (s.preferredRole() == Role.PRIMARY) {
                    primaries++;
                } else {
                    mirrors++;
                }
            }
            if (firstPrimaries == null) {
                firstPrimaries = primaries;
                firstMirrors = mirrors;
            } else if (primaries != firstPrimaries || mirrors != firstMirrors) {
                return false;
            }
        }
        boolean suffixSeen = false;
        for (Map.Entry<String, List<Segment>> e : byHost.entrySet()) {
            for (Segment s : e.getValue()) {
                if (s.content() < 0 && s.preferredRole() == Role.PRIMARY) {
                    continue;
                }
                if (s.address().equals(e.getKey())) {
                    if (suffixSeen) {
                        return false;
                    }
                    continue;
                }
                String suffix = s.address().substring(s.address().lastIndexOf('-') + 1);
                if (suffix.isEmpty() || !suffix.chars().allMatch(Character::isDigit)) {
                    return false;
                }
                suffixSeen = true;
            }
        }
        return true;
    }

    /** GpArray's getDbList() order: coordinator, standby, then each content's primary and mirror. */
    private static List<Segment> catalogOrder(Cluster cluster) {
        List<Segment> out = new ArrayList<>();
        cluster.coordinator().ifPresent(out::add);
        cluster.standby().ifPresent(out::add);
        for (int c = 0; c < cluster.contentCount(); c++) {
            out.add(cluster.primary(c));
            if (cluster.mirror(c) != null) {
                out.add(cluster.mirror(c));
            }
        }
        return out;
    }
}
