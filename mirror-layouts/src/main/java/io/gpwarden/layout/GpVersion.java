package io.gpwarden.layout;

/**
 * The Greenplum major version whose catalog shape and utility file formats apply. GP6 and GP7
 * share both; GP5 has replication ports, filespaces and the {@code filespaceOrder=} file formats.
 */
public enum GpVersion {
    GP5(5),
    GP6(6),
    GP7(7);

    private final int major;

    GpVersion(int major) {
        this.major = major;
    }

    public int major() {
        return major;
    }

    public boolean hasReplicationPorts() {
        return this == GP5;
    }

    /** The version for a major number, or an error that lists the supported ones. */
    public static GpVersion ofMajor(int major) {
        for (GpVersion v : values()) {
            if (v.major == major) {
                return v;
            }
        }
        throw new LayoutException("--gp-version " + major + " is not supported; use 5, 6 or 7");
    }
}
