package io.gpwarden.coordination.document;

import java.util.List;

/**
 * {@code jobs/<job>/owners/<agent>}: lease-bound claim of a job (or some of its partitions) by one
 * agent. The key's {@code create_revision} is the owner epoch the agent writes into the offsets
 * table on every commit, so a takeover always carries a larger one.
 *
 * @param partitions the Kafka partitions owned; empty means all of them
 */
public record OwnerDocument(String agent, List<Integer> partitions) {
    public OwnerDocument {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }
}
