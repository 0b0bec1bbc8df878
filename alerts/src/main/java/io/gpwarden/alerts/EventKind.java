package io.gpwarden.alerts;

import java.util.Locale;

/**
 * What the controller saw. The code is the value of the {@code gpwardenEventKind} varbind
 * (GPWARDEN-MIB {@code GpwardenEventType}): codes are never reused or renumbered, so a
 * receiver's rules keep working across versions. The template name selects
 * {@code alerts/templates/<name>.txt}.
 */
public enum EventKind {
    SEGMENT_DOWN(1, Severity.CRITICAL, Lifecycle.CONDITION),
    MIRROR_PROMOTED(2, Severity.WARNING, Lifecycle.NOTICE),
    PAIR_NOT_IN_SYNC(3, Severity.WARNING, Lifecycle.CONDITION),
    NOT_PREFERRED_ROLE(4, Severity.WARNING, Lifecycle.CONDITION),
    COORDINATOR_UNREACHABLE(5, Severity.CRITICAL, Lifecycle.CONDITION),
    STANDBY_NOT_STREAMING(6, Severity.CRITICAL, Lifecycle.CONDITION),
    STANDBY_LAGGING(7, Severity.WARNING, Lifecycle.CONDITION),
    DISK_USAGE(8, Severity.WARNING, Lifecycle.CONDITION),
    DISK_FORECAST(9, Severity.WARNING, Lifecycle.CONDITION),
    CONFIGURATION_ERROR(10, Severity.CRITICAL, Lifecycle.CONDITION),
    FAILOVER_COMPLETE(11, Severity.CRITICAL, Lifecycle.NOTICE),
    CONTROLLER_ACTION(12, Severity.INFO, Lifecycle.NOTICE),
    ALERT_CHANNEL_FAILING(13, Severity.WARNING, Lifecycle.CONDITION),
    NOTIFICATIONS_SUPPRESSED(14, Severity.WARNING, Lifecycle.NOTICE),
    /** A cluster host does not answer over SSH: disk sizes there go stale, playbooks cannot run there. */
    HOST_UNREACHABLE(15, Severity.WARNING, Lifecycle.CONDITION),
    /** A cluster host presented an SSH host key that known_hosts does not vouch for: refused, a security matter. */
    HOST_KEY_REJECTED(16, Severity.CRITICAL, Lifecycle.CONDITION),
    /** An instance is alive but has refused new sessions for a while: too many connections, or a start or recovery that lasts. */
    INSTANCE_NOT_SERVING(17, Severity.CRITICAL, Lifecycle.CONDITION),
    TEST(99, Severity.INFO, Lifecycle.NOTICE);

    private final int code;
    private final Severity defaultSeverity;
    private final Lifecycle lifecycle;

    EventKind(int code, Severity defaultSeverity, Lifecycle lifecycle) {
        this.code = code;
        this.defaultSeverity = defaultSeverity;
        this.lifecycle = lifecycle;
    }

    public int code() {
        return code;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** {@code SEGMENT_DOWN} → {@code segment-down}: the template file name and the config spelling. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code SEGMENT_DOWN} → {@code segment down}: for subjects and messages. */
    public String title() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Accepts {@code segment-down}, {@code segment_down} or {@code SEGMENT_DOWN}. */
    public static EventKind parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown event kind '" + text + "'; known: "
                    + java.util.Arrays.stream(values()).map(EventKind::slug).toList());
        }
    }
}
