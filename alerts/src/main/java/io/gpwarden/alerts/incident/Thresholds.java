package io.gpwarden.alerts.incident;

/**
 * Warning and critical thresholds with hysteresis, for a metric where higher is worse (disk
 * used %, replication lag). A level is entered when the value reaches its threshold and left
 * only when the value falls below that level's clear mark, so a value wandering inside the
 * band between the two never changes the level: one alert per crossing, no flapping.
 *
 * <p>Invariants (checked here): {@code warnClear < warn <= critical} and
 * {@code criticalClear < critical}. Pure; the caller keeps the previous level.
 */
public record Thresholds(double warn, double critical, double warnClear, double criticalClear) {

    /** Greenplum's guidance: keep data filesystems below 70 % used; 90 % is critical. */
    public static final Thresholds DISK_PERCENT = new Thresholds(70, 90, 65, 85);

    public Thresholds {
        if (!(warnClear < warn)) {
            throw new IllegalArgumentException("warnClear (" + warnClear + ") must be below warn (" + warn + ")");
        }
        if (!(warn <= critical)) {
            throw new IllegalArgumentException("warn (" + warn + ") must not exceed critical (" + critical + ")");
        }
        if (!(criticalClear < critical)) {
            throw new IllegalArgumentException(
                    "criticalClear (" + criticalClear + ") must be below critical (" + critical + ")");
        }
    }

    /**
     * The level after observing {@code value}, given the level before. NaN (no reading) keeps
     * the previous level: a missing sample is not a recovery.
     */
    public Level next(Level previous, double value) {
        if (Double.isNaN(value)) {
            return previous;
        }
        if (value >= critical) {
            return Level.CRITICAL;
        }
        if (previous == Level.CRITICAL && value >= criticalClear) {
            return Level.CRITICAL;
        }
        if (value >= warn) {
            return Level.WARNING;
        }
        if (previous != Level.OK && value >= warnClear) {
            return Level.WARNING;
        }
        return Level.OK;
    }
}
