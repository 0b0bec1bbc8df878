package io.gpwarden.controller.decide;

/** Incident keys that name a segment instance; one place, so the probe and the catalog agree on them. */
final class SegmentKeys {
    private SegmentKeys() {
    }

    static String down(int dbid) {
        return "segment-down/dbid=" + dbid;
    }
}
