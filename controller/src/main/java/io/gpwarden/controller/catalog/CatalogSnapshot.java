package io.gpwarden.controller.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the coordinator's catalog said at one moment, read in one transaction: the segment
 * configuration, the replication senders, and the coordinator's own WAL end (for the standby's
 * lag). Immutable.
 *
 * @param readAt              when the read finished, by the controller's clock
 * @param serverVersion       the coordinator's {@code version()} text
 * @param segments            every row of gp_segment_configuration, by content then dbid
 * @param replication         every row of gp_stat_replication
 * @param coordinatorWalEnd   the coordinator's current WAL position, when readable
 */
public record CatalogSnapshot(Instant readAt, String serverVersion, List<Segment> segments,
                              List<ReplicationStream> replication, OptionalLong coordinatorWalEnd) {

    public CatalogSnapshot {
        segments = List.copyOf(segments);
        replication = List.copyOf(replication);
    }

    /** The primaries of contents 0..N-1 (not the coordinator). */
    public List<Segment> primaries() {
        return segments.stream().filter(s -> !s.isCoordinatorOrStandby() && s.isPrimary()).toList();
    }

    /** Segments proper, without the coordinator and standby rows. */
    public List<Segment> segmentInstances() {
        return segments.stream().filter(s -> !s.isCoordinatorOrStandby()).toList();
    }

    /** The standby coordinator row (content -1, role mirror), if the cluster has one. */
    public Optional<Segment> standby() {
        return segments.stream().filter(s -> s.isCoordinatorOrStandby() && !s.isPrimary()).findFirst();
    }

    /** The coordinator's sender to the standby (content -1), if any. */
    public Optional<ReplicationStream> standbyStream() {
        return replication.stream().filter(r -> r.content() < 0).findFirst();
    }

    public Optional<Segment> byDbid(int dbid) {
        return segments.stream().filter(s -> s.dbid() == dbid).findFirst();
    }
}
