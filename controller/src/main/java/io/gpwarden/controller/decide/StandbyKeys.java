package io.gpwarden.controller.decide;

/** Incident keys of the coordinator pair; the probe and the catalog raise the same ones. */
final class StandbyKeys {
    static final String COORDINATOR_UNREACHABLE = "coordinator-unreachable";
    static final String NOT_STREAMING = "standby-not-streaming";
    static final String LAGGING = "standby-lagging";

    private StandbyKeys() {
    }
}
