package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;

/**
 * One recovery, as gprecoverseg's triplets: the failed instance, the live peer to copy from, and
 * where to rebuild (the failed instance's own location for in-place recovery, or a new one).
 */
public record RecoveryTriplet(SegmentRow failed, SegmentRow live, SegmentRow target, boolean full) {

    public boolean inPlace() {
        return failed.address().equals(target.address()) && failed.port() == target.port()
                && failed.datadir().equals(target.datadir());
    }

    /** Greenplum's appendSegmentInfoForOutput. */
    static void describe(TableLog t, String label, SegmentRow r) {
        t.info(label + " instance host", "= " + r.hostname());
        t.info(label + " instance address", "= " + r.address());
        t.info(label + " instance directory", "= " + r.datadir());
        t.info(label + " instance port", "= " + r.port());
    }
}
