package io.gpwarden.layout.io;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Role;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.plan.HostOrder;
import io.gpwarden.layout.plan.MirrorDirectories;

import java.util.ArrayList;
import java.util.List;

/**
 * A cluster that does not exist yet, laid out the way gpinitsystem lays out primaries: hosts in
 * plain string order, contents assigned host by host, the k-th primary of a host on port
 * {@code portBase + k} in {@code dataDirs[k]/<prefix><content>}, the coordinator dbid 1 and the
 * primaries dbid 2 onwards in content order. The prefix is the coordinator directory's basename up
 * to its last "-1" ("/data/coordinator/gpseg-1" gives "gpseg").
 */
public record NewClusterSpec(List<String> hosts, int primariesPerHost, int portBase, List<String> dataDirs,
                             String coordinatorHost, int coordinatorPort, String coordinatorDir, GpVersion version) {
    public static final int DEFAULT_PORT_BASE = 6000;
    public static final int DEFAULT_COORDINATOR_PORT = 5432;
    public static final String DEFAULT_COORDINATOR_HOST = "cdw";
    public static final String DEFAULT_COORDINATOR_DIR = "/data/coordinator/gpseg-1";
    public static final String DEFAULT_DATA_DIR = "/data/primary";

    public NewClusterSpec {
        hosts = List.copyOf(hosts);
        dataDirs = List.copyOf(dataDirs);
    }

    public Cluster build() {
        if (primariesPerHost < 1) {
            throw new LayoutException("--primaries-per-host must be at least 1 (got " + primariesPerHost + ")");
        }
        if (portBase < 1 || portBase + primariesPerHost - 1 > 65535) {
            throw new LayoutException("--port-base " + portBase + " with " + primariesPerHost
                    + " primaries per host gives ports outside 1..65535");
        }
        List<String> dirs;
        if (dataDirs.size() == 1) {
            dirs = java.util.Collections.nCopies(primariesPerHost, MirrorDirectories.normalize(dataDirs.get(0)));
        } else if (dataDirs.size() == primariesPerHost) {
            dirs = dataDirs.stream().map(MirrorDirectories::normalize).toList();
        } else {
            throw new LayoutException("--data-dirs lists " + dataDirs.size() + " primary roots for " + primariesPerHost
                    + " primaries per host: give " + primariesPerHost + " (one per primary, like gpinitsystem's DATA_DIRECTORY) or one for all");
        }
        if (hosts.contains(coordinatorHost)) {
            throw new LayoutException("the coordinator host " + coordinatorHost + " is also in the hosts file; list only"
                    + " segment hosts, or pass --coordinator-host with the coordinator's name");
        }
        String coordDir = MirrorDirectories.normalize(coordinatorDir);
        String base = MirrorDirectories.name(coordDir);
        int idx = base.lastIndexOf("-1");
        String prefix = idx <= 0 ? "gp" : base.substring(0, idx);
        List<String> sorted = new ArrayList<>(hosts);
        sorted.sort(HostOrder.PLAIN);
        List<Segment> rows = new ArrayList<>();
        char mode = version == GpVersion.GP5 ? 's' : 'n';
        rows.add(new Segment(1, -1, Role.PRIMARY, Role.PRIMARY, mode, 'u', coordinatorPort, coordinatorHost,
                coordinatorHost, coordDir, null));
        int content = 0;
        for (String h : sorted) {
            for (int k = 0; k < primariesPerHost; k++) {
                rows.add(new Segment(content + 2, content, Role.PRIMARY, Role.PRIMARY, mode, 'u', portBase + k, h, h,
                        MirrorDirectories.join(dirs.get(k), prefix + content), null));
                content++;
            }
        }
        return Cluster.of(version, rows);
    }
}
