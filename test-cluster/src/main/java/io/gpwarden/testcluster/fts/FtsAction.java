package io.gpwarden.testcluster.fts;

import io.gpwarden.testcluster.catalog.SegmentRow;

/** A message FTS sends to a segment, as Greenplum's FTS does: PROMOTE, SYNCREP_OFF, or turning sync rep back on. */
public record FtsAction(Kind kind, SegmentRow target) {
    public enum Kind { PROMOTE, SYNCREP_OFF, SYNCREP_ON }
}
