package io.gpwarden.testcluster.layout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The complete plan of a stand-in cluster, as gpinitsystem would lay it out: hosts with their
 * loopback addresses, and every instance with dbid, content, role, port and data directory.
 *
 * <p>Hosts: {@code cdw} 127.0.1.1 (coordinator), {@code scdw} 127.0.1.2 (standby, present even
 * without a standby so that gpinitstandby has somewhere to go), {@code sdw1..N} 127.0.1.3….
 * Content ids are assigned host-major (sdw1 holds 0..P-1). The coordinator is dbid 1; primaries
 * follow in content order, then mirrors ({@link MirrorPlacement}), then the standby. The standby
 * uses the coordinator's port, as is usual with Greenplum. Every host keeps its data under
 * {@code <root>/hosts/<host>/data}: {@code coordinator/gpseg-1}, {@code primary/gpsegN},
 * {@code mirror/gpsegN}.
 *
 * <p>Pure: no I/O.
 */
public record ClusterLayout(ClusterSpec spec, List<HostPlan> hosts, List<InstancePlan> instances) {
    public static final String COORDINATOR_HOST = "cdw";
    public static final String STANDBY_HOST = "scdw";

    public ClusterLayout {
        hosts = List.copyOf(hosts);
        instances = List.copyOf(instances);
    }

    /** The address of the n-th emulated host (1-based): 127.0.1.n. */
    public static String address(int n) {
        return "127.0.1." + n;
    }

    /** The host names and addresses for a spec, in order cdw, scdw, sdw1…. */
    public static List<HostPlan> hostsFor(ClusterSpec spec) {
        List<HostPlan> hosts = new ArrayList<>();
        hosts.add(new HostPlan(COORDINATOR_HOST, address(1)));
        if (spec.hosts() > 0 || spec.standby()) {
            hosts.add(new HostPlan(STANDBY_HOST, address(2)));
        }
        for (int i = 1; i <= spec.hosts(); i++) {
            hosts.add(new HostPlan("sdw" + i, address(2 + i)));
        }
        return hosts;
    }

    /** Where {@code host}'s files live under the cluster root. */
    public static Path hostRoot(Path root, String host) {
        return root.resolve("hosts").resolve(host);
    }

    public static Path coordinatorDataDirectory(Path root, String host) {
        return hostRoot(root, host).resolve("data/coordinator/gpseg-1");
    }

    public static Path mirrorRoot(Path root, String host) {
        return hostRoot(root, host).resolve("data/mirror");
    }

    public static Path primaryRoot(Path root, String host) {
        return hostRoot(root, host).resolve("data/primary");
    }

    /**
     * Plans every instance. {@code coordinatorPort} is used on cdw and scdw; primaries on every
     * segment host use {@code segmentBasePort + k} and mirrors {@code segmentBasePort + 1000 + j}.
     */
    public static ClusterLayout plan(ClusterSpec spec, Path root, int coordinatorPort, int segmentBasePort) {
        spec.validate();
        List<HostPlan> hosts = hostsFor(spec);
        Map<String, String> addressOf = new LinkedHashMap<>();
        hosts.forEach(h -> addressOf.put(h.name(), h.address()));

        List<InstancePlan> all = new ArrayList<>();
        all.add(new InstancePlan(1, -1, 'p', COORDINATOR_HOST, addressOf.get(COORDINATOR_HOST), coordinatorPort,
                coordinatorDataDirectory(root, COORDINATOR_HOST).toString()));
        List<InstancePlan> primaries = new ArrayList<>();
        int dbid = 2;
        int content = 0;
        for (int i = 1; i <= spec.hosts(); i++) {
            String host = "sdw" + i;
            for (int k = 0; k < spec.primariesPerHost(); k++) {
                primaries.add(new InstancePlan(dbid++, content, 'p', host, addressOf.get(host), segmentBasePort + k,
                        primaryRoot(root, host).resolve("gpseg" + content).toString()));
                content++;
            }
        }
        all.addAll(primaries);
        List<InstancePlan> mirrors = MirrorPlacement.place(primaries, spec.hosts() > 0 ? spec.mirroring() : Mirroring.NONE,
                dbid, addressOf, h -> mirrorRoot(root, h).toString());
        all.addAll(mirrors);
        dbid += mirrors.size();
        if (spec.standby()) {
            all.add(new InstancePlan(dbid, -1, 'm', STANDBY_HOST, addressOf.get(STANDBY_HOST), coordinatorPort,
                    coordinatorDataDirectory(root, STANDBY_HOST).toString()));
        }
        return new ClusterLayout(spec, hosts, all);
    }

    public InstancePlan coordinator() {
        return instances.get(0);
    }

    public List<InstancePlan> primaries() {
        return instances.stream().filter(i -> i.content() >= 0 && i.role() == 'p').toList();
    }

    public List<InstancePlan> mirrors() {
        return instances.stream().filter(i -> i.content() >= 0 && i.role() == 'm').toList();
    }

    public java.util.Optional<InstancePlan> standby() {
        return instances.stream().filter(i -> i.content() == -1 && i.role() == 'm').findFirst();
    }

    /** The primary of {@code content}. */
    public InstancePlan primaryOf(int content) {
        return primaries().stream().filter(p -> p.content() == content).findFirst().orElseThrow();
    }
}
