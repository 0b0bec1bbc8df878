package io.gpwarden.coordination;

import java.util.List;
import java.util.Objects;

/**
 * An etcd transaction: if every {@link Compare} holds, apply every {@link Operation}, atomically;
 * otherwise apply nothing. Exclusive writes are always expressed this way: {@code create_revision == 0}
 * to create once, {@code mod_revision == N} to update what was read, {@code create_revision == E}
 * to act only while the lease-bound key of epoch E still exists.
 */
public record Transaction(List<Compare> compares, List<Operation> operations) {
    public Transaction {
        compares = List.copyOf(compares);
        operations = List.copyOf(operations);
    }

    /** A condition on one key's revisions; a missing key has both revisions 0. */
    public sealed interface Compare {
        String key();

        /** {@code create_revision(key) == revision}; 0 means "the key does not exist". */
        record CreateRevision(String key, long revision) implements Compare {
            public CreateRevision {
                Objects.requireNonNull(key, "key");
            }
        }

        /** {@code mod_revision(key) == revision}: nobody wrote the key since it was read at that revision. */
        record ModRevision(String key, long revision) implements Compare {
            public ModRevision {
                Objects.requireNonNull(key, "key");
            }
        }
    }

    /** A write applied when the compares hold. */
    public sealed interface Operation {
        String key();

        /** Writes {@code value}, bound to {@code leaseId} ({@link Coordinator#NO_LEASE} for none). */
        record Put(String key, String value, long leaseId) implements Operation {
            public Put {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value");
            }
        }

        /** Deletes the key (nothing happens if it is absent). */
        record Delete(String key) implements Operation {
            public Delete {
                Objects.requireNonNull(key, "key");
            }
        }
    }
}
