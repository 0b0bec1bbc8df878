package io.gpwarden.controller.decide;

/**
 * The one-word verdict for status pages and exit codes: {@code gpwarden status} exits 0 for
 * HEALTHY, 1 for DEGRADED, 3 for UNREACHABLE (and UNKNOWN, when nothing could be read yet).
 */
public enum ClusterHealth {
    HEALTHY, DEGRADED, UNREACHABLE, UNKNOWN
}
