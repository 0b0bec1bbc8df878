package io.gpwarden.controller.catalog;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of {@code gp_stat_replication}: a WAL sender on a coordinator or primary, streaming to
 * the standby coordinator (content -1) or to a mirror. Positions are absolute WAL byte positions,
 * parsed from either naming (GP7 {@code sent_lsn}, GP6 {@code sent_location}).
 *
 * @param content    {@code gp_segment_id}: -1 for the coordinator's sender to the standby
 * @param state      the sender state: startup, catchup, streaming, backup, stopping
 * @param syncState  async, potential, sync or quorum
 * @param replayLag  GP7's {@code replay_lag}, when the server reports it
 * @param syncError  GP's {@code sync_error} (none, walread, ...), when present
 */
public record ReplicationStream(int content, String applicationName, String clientAddress, String state,
                                String syncState, OptionalLong sentPosition, OptionalLong flushPosition,
                                OptionalLong replayPosition, Optional<Duration> replayLag, String syncError) {

    public boolean isStreaming() {
        return "streaming".equalsIgnoreCase(state);
    }

    /** Bytes not yet replayed on the receiving side, measured against {@code current} (the sender's WAL end). */
    public OptionalLong replayLagBytes(OptionalLong current) {
        OptionalLong end = current.isPresent() ? current : sentPosition;
        if (end.isEmpty() || replayPosition.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, end.getAsLong() - replayPosition.getAsLong()));
    }
}
