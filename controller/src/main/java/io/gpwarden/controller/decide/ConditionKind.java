package io.gpwarden.controller.decide;

/**
 * What the controller can find wrong with a cluster. Each constant matches the alerts module's
 * event kind of the same name, which carries its template and MIB code.
 */
public enum ConditionKind {
    SEGMENT_DOWN,
    MIRROR_PROMOTED,
    PAIR_NOT_IN_SYNC,
    NOT_PREFERRED_ROLE,
    COORDINATOR_UNREACHABLE,
    STANDBY_NOT_STREAMING,
    STANDBY_LAGGING,
    DISK_USAGE,
    DISK_FORECAST,
    CONFIGURATION_ERROR
}
