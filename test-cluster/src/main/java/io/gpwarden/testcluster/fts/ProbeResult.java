package io.gpwarden.testcluster.fts;

/**
 * What one probe of an instance the catalog lists as primary found out, the way a Greenplum
 * primary answers FTS: whether it is alive and acting as primary (or still a replica waiting to
 * be promoted), whether synchronous replication is on, and the state of its mirror's WAL
 * stream ({@code walState}: startup / catchup / streaming / backup, or null when the mirror is
 * not connected; {@code syncState}: sync / async / potential).
 */
public record ProbeResult(int dbid, Kind kind, boolean syncRepOn, String walState, String syncState, String error) {

    public enum Kind {
        /** Answered and is not in recovery. */
        PRIMARY,
        /** Answered "not accepting connections" / in recovery: a replica not (yet) promoted. */
        IN_RECOVERY,
        /** Did not answer within the probe timeout, on any attempt. */
        UNREACHABLE
    }

    public static ProbeResult unreachable(int dbid, String error) {
        return new ProbeResult(dbid, Kind.UNREACHABLE, false, null, null, error);
    }

    public static ProbeResult inRecovery(int dbid) {
        return new ProbeResult(dbid, Kind.IN_RECOVERY, false, null, null, null);
    }

    public boolean mirrorConnected() {
        return walState != null;
    }

    /** The mirror streams and, with synchronous replication on, is a synchronous standby. */
    public boolean mirrorInSync() {
        return "streaming".equals(walState) && syncRepOn && "sync".equals(syncState);
    }

    /** The mirror has caught up (streaming) but synchronous replication is not on yet. */
    public boolean mirrorCaughtUp() {
        return "streaming".equals(walState);
    }
}
