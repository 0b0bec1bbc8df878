package io.gpwarden.layout.plan;

/**
 * One mirror a plan adds, in the order the plan generated it. The replication ports are set for
 * GP5 only (the mirror's own and the one its primary gets), as gpaddmirrors computes them.
 */
public record PlannedMirror(int content, int dbid, String hostname, String address, int port, String datadir,
                            Integer replicationPort, Integer primaryReplicationPort) {
}
