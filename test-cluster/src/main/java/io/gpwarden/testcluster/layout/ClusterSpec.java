package io.gpwarden.testcluster.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a stand-in cluster: how many segment hosts, primaries per host, the mirroring
 * policy, whether there is a standby coordinator, and which extra services run beside it.
 *
 * <p>{@link #validate} enforces what Greenplum's own tools enforce (gpinitsystem refuses spread
 * mirroring unless there are more hosts than primaries per host; group mirroring needs a second
 * host to put mirrors on) and says what would work instead. {@code hosts = 0} is a coordinator
 * alone, for tests that need one PostgreSQL server with the catalog.
 */
public record ClusterSpec(int hosts, int primariesPerHost, Mirroring mirroring, boolean standby,
                          int etcdMembers, boolean kafka) {
    /** The largest cluster the address plan (127.0.1.3 …) and a single machine sensibly hold. */
    public static final int MAX_HOSTS = 64;

    public static ClusterSpec defaults() {
        return new ClusterSpec(4, 2, Mirroring.GROUP, true, 0, false);
    }

    /** A coordinator only: no segment hosts, no standby. */
    public static ClusterSpec coordinatorOnly() {
        return new ClusterSpec(0, 0, Mirroring.NONE, false, 0, false);
    }

    /** Throws {@link IllegalArgumentException} naming every problem and what would work. */
    public ClusterSpec validate() {
        List<String> problems = new ArrayList<>();
        if (hosts < 0 || hosts > MAX_HOSTS) {
            problems.add("--hosts must be between 0 and " + MAX_HOSTS + ", not " + hosts);
        }
        if (hosts > 0 && (primariesPerHost < 1 || primariesPerHost > 16)) {
            problems.add("--primaries-per-host must be between 1 and 16, not " + primariesPerHost);
        }
        if (hosts > 0 && mirroring == Mirroring.GROUP && hosts < 2) {
            problems.add("group mirroring needs at least 2 hosts (mirrors go to another host); "
                    + "use --hosts 2 or more, or --mirroring none");
        }
        if (hosts > 0 && mirroring == Mirroring.SPREAD && hosts <= primariesPerHost) {
            problems.add("spread mirroring needs more hosts than primaries per host (Greenplum: \"Number of separate "
                    + "hosts must be greater than number of segment instances per host\"); with --primaries-per-host "
                    + primariesPerHost + " use --hosts " + (primariesPerHost + 1) + " or more, or --mirroring group");
        }
        if (etcdMembers != 0 && etcdMembers != 1 && etcdMembers != 3) {
            problems.add("--with-etcd must be 1 or 3, not " + etcdMembers);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return this;
    }

    public boolean hasMirrors() {
        return hosts > 0 && mirroring != Mirroring.NONE;
    }

    /** Number of PostgreSQL servers this shape runs. */
    public int instanceCount() {
        int segments = hosts * primariesPerHost;
        return 1 + (standby ? 1 : 0) + segments + (hasMirrors() ? segments : 0);
    }

    /** A short text such as {@code 4x2 group +standby}, used in logs and as a sharing key. */
    public String describe() {
        if (hosts == 0) {
            return "coordinator only" + (standby ? " +standby" : "") + (etcdMembers > 0 ? " +etcd" + etcdMembers : "")
                    + (kafka ? " +kafka" : "");
        }
        return hosts + "x" + primariesPerHost + " " + mirroring.label() + (standby ? " +standby" : "")
                + (etcdMembers > 0 ? " +etcd" + etcdMembers : "") + (kafka ? " +kafka" : "");
    }
}
