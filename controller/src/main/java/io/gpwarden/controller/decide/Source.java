package io.gpwarden.controller.decide;

/**
 * Which reading a condition was derived from. When that reading is unavailable in a tick (the
 * catalog cannot be read while the coordinator is down, the disk read timed out) the condition
 * keeps its last verdict: a missing reading is not a recovery.
 */
public enum Source {
    PROBE, CATALOG, DISK
}
