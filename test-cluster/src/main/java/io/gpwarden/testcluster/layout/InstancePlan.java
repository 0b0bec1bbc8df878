package io.gpwarden.testcluster.layout;

/**
 * One planned PostgreSQL server with its gp_segment_configuration identity. Roles use
 * Greenplum's value domain: {@code p} primary, {@code m} mirror; content -1 is the coordinator
 * (role p) or the standby coordinator (role m).
 */
public record InstancePlan(int dbid, int content, char role, String hostname, String address, int port,
                           String datadir) {

    public boolean isCoordinatorSide() {
        return content == -1;
    }

    public boolean isPrimary() {
        return role == 'p';
    }

    /** A name unique in the cluster and safe in file names: {@code dbid3-seg1p}. */
    public String name() {
        return "dbid" + dbid + "-" + (content < 0 ? "coord" : "seg" + content) + role;
    }
}
