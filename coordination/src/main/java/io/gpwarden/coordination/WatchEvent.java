package io.gpwarden.coordination;

import java.util.Objects;

/**
 * What a watch delivers. {@link Put} and {@link Delete} are changes in revision order;
 * {@link Resync} replaces everything the listener knew under the prefix (the watch could not
 * resume because etcd compacted the revisions it missed); {@link Disconnected} says the watch is
 * not receiving for now, once per outage, so a listener can show it instead of trusting silence.
 */
public sealed interface WatchEvent {

    /** The store revision this event reflects. */
    long revision();

    /** {@code entry} was created or written at {@code entry.modRevision()}. */
    record Put(Entry entry) implements WatchEvent {
        public Put {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public long revision() {
            return entry.modRevision();
        }
    }

    /** {@code key} was deleted, or its lease expired, at {@code revision}. */
    record Delete(String key, long revision) implements WatchEvent {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The whole prefix as it is at {@code snapshot.revision()}: forget what you knew and take this;
     * changes after it follow as {@link Put} and {@link Delete}.
     */
    record Resync(Snapshot snapshot, String reason) implements WatchEvent {
        @Override
        public long revision() {
            return snapshot.revision();
        }
    }

    /** The watch lost its stream and is reconnecting; {@code lastRevision} is the last one delivered. */
    record Disconnected(CoordinationException.Condition condition, String reason, long lastRevision)
            implements WatchEvent {
        @Override
        public long revision() {
            return lastRevision;
        }
    }
}
