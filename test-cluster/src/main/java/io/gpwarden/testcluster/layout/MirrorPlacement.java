package io.gpwarden.testcluster.layout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places mirrors the way {@code gpaddmirrors} does ({@code clsAddMirrors.py},
 * {@code GpMirrorBuildCalculator}): hosts in plain string order ("sdw10" sorts before "sdw2"),
 * each host's primaries by port; group sends all of host i's mirrors to host i+1, spread sends
 * its k-th primary's mirror to host i+1+k (skipping itself). On the target host the j-th mirror
 * placed gets port {@code min primary port there + j + offset} and directory
 * {@code mirrorRoot(target) + "/gpseg" + content}; dbids continue after the highest one.
 *
 * <p>Pure: the same primaries always give the same mirrors.
 */
public final class MirrorPlacement {
    /** gpaddmirrors' default port offset (-p). */
    public static final int PORT_OFFSET = 1000;

    private MirrorPlacement() {
    }

    /** Where a host keeps its mirror data directories. */
    public interface MirrorRoot {
        String of(String hostname);
    }

    public static List<InstancePlan> place(List<InstancePlan> primaries, Mirroring mirroring, int nextDbid,
                                           Map<String, String> addressOf, MirrorRoot mirrorRoot) {
        if (mirroring == Mirroring.NONE) {
            return List.of();
        }
        TreeMap<String, List<InstancePlan>> byHost = new TreeMap<>();
        for (InstancePlan p : primaries) {
            byHost.computeIfAbsent(p.hostname(), h -> new ArrayList<>()).add(p);
        }
        byHost.values().forEach(l -> l.sort((a, b) -> Integer.compare(a.port(), b.port())));
        List<String> hosts = new ArrayList<>(byHost.keySet());
        int h = hosts.size();
        Map<String, Integer> added = new HashMap<>();
        Map<String, Integer> base = new HashMap<>();
        byHost.forEach((host, list) -> base.put(host, list.get(0).port()));

        List<InstancePlan> out = new ArrayList<>();
        int dbid = nextDbid;
        for (int i = 0; i < h; i++) {
            List<InstancePlan> mine = byHost.get(hosts.get(i));
            int off = 1;
            for (InstancePlan p : mine) {
                int t;
                if (mirroring == Mirroring.GROUP) {
                    t = (i + 1) % h;
                } else {
                    t = (i + off) % h;
                    if (t == i) {
                        off++;
                        t = (i + off) % h;
                    }
                    off++;
                }
                String target = hosts.get(t);
                int j = added.merge(target, 1, Integer::sum) - 1;
                int port = base.get(target) + j + PORT_OFFSET;
                String dir = mirrorRoot.of(target) + "/gpseg" + p.content();
                out.add(new InstancePlan(dbid++, p.content(), 'm', target, addressOf.get(target), port, dir));
            }
        }
        out.sort((a, b) -> Integer.compare(a.content(), b.content()));
        // dbids follow content order, as gpinitsystem numbers them
        List<InstancePlan> renumbered = new ArrayList<>();
        int d = nextDbid;
        for (InstancePlan m : out) {
            renumbered.add(new InstancePlan(d++, m.content(), m.role(), m.hostname(), m.address(), m.port(), m.datadir()));
        }
        return renumbered;
    }
}
