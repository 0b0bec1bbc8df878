package io.gpwarden.layout;

/**
 * One row of {@code gp_segment_configuration}: a coordinator, standby, primary or mirror instance.
 * {@code datadir} is null only for a GP5 export taken without {@code pg_filespace_entry};
 * {@code replicationPort} is null outside GP5 (and for GP5 rows that have none).
 */
public record Segment(
        int dbid,
        int content,
        Role role,
        Role preferredRole,
        char mode,
        char status,
        int port,
        String hostname,
        String address,
        String datadir,
        Integer replicationPort) {

    public static final int COORDINATOR_CONTENT = -1;

    public boolean isCoordinatorOrStandby() {
        return content == COORDINATOR_CONTENT;
    }

    /** A segment primary by configuration (preferred role), the way gpaddmirrors counts primaries. */
    public boolean isPreferredPrimary() {
        return content >= 0 && preferredRole == Role.PRIMARY;
    }

    public boolean isPreferredMirror() {
        return content >= 0 && preferredRole == Role.MIRROR;
    }

    public boolean inPreferredRole() {
        return role == preferredRole;
    }

    /** {@code host:port} with the data directory, the way an operator names an instance. */
    public String describe() {
        return hostname + ":" + port + (datadir == null ? "" : ":" + datadir);
    }
}
