package io.gpwarden.controller.decide;

/**
 * Something the decision asks the act step to do besides alerting. Executed off the probe
 * schedule; at most one of each kind in flight.
 */
public sealed interface ControllerAction {

    /** Ask Greenplum's FTS for a fresh probe loop now (gp_request_fts_probe_scan), so it catches up with our probe. */
    record RequestFtsProbe(String reason) implements ControllerAction {
    }
}
