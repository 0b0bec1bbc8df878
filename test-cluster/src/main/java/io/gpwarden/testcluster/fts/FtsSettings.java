package io.gpwarden.testcluster.fts;

/**
 * The FTS emulation's timing, named after Greenplum's GUCs. The stand-in's defaults are a few
 * seconds so that tests and demos do not wait a minute; {@link #greenplumDefaults} gives
 * Greenplum's own (gp_fts_probe_interval 60 s, gp_fts_probe_timeout 20 s, gp_fts_probe_retries 5,
 * gp_fts_mark_mirror_down_grace_period 30 s).
 *
 * <p>{@code probeRetries} is the number of attempts before a primary counts as down, as the GUC
 * is documented; attempts are {@code retryPauseMillis} apart. Worst-case detection of a killed
 * postmaster is therefore about {@code interval + retries * (pause + a refused connect)}; of a
 * host that does not answer at all, {@code interval + retries * (timeout + pause)}.
 */
public record FtsSettings(int probeIntervalSeconds, int probeTimeoutSeconds, int probeRetries,
                          int mirrorDownGraceSeconds, int retryPauseMillis) {

    public static FtsSettings standIn() {
        return new FtsSettings(2, 2, 3, 3, 300);
    }

    public static FtsSettings greenplumDefaults() {
        return new FtsSettings(60, 20, 5, 30, 1000);
    }

    public FtsSettings validate() {
        if (probeIntervalSeconds < 1 || probeIntervalSeconds > 3600) {
            throw new IllegalArgumentException("--fts-probe-interval must be 1..3600 seconds, not " + probeIntervalSeconds);
        }
        if (probeTimeoutSeconds < 1 || probeTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("--fts-probe-timeout must be 1..3600 seconds, not " + probeTimeoutSeconds);
        }
        if (probeRetries < 1 || probeRetries > 100) {
            throw new IllegalArgumentException("--fts-probe-retries must be 1..100, not " + probeRetries);
        }
        if (mirrorDownGraceSeconds < 0 || mirrorDownGraceSeconds > 3600) {
            throw new IllegalArgumentException("--fts-mirror-down-grace must be 0..3600 seconds, not " + mirrorDownGraceSeconds);
        }
        return this;
    }

    /** Upper bound of one probe loop: every primary may use all its attempts. */
    public long worstLoopMillis() {
        return (long) probeRetries * (probeTimeoutSeconds * 1000L + retryPauseMillis);
    }
}
