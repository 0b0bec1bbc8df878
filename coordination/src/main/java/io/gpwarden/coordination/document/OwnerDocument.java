package io.gpwarden.coordination.document;

import java.util.List;

/**
 * {@code jobs/<job>/owners/<agent>}: lease-bound claim of a job (or some of its partitions) by one
 * agent. The {@code create_revision} of the claim is the owner epoch the agent writes into the
 * offsets table on every commit, so a takeover always carries a larger one. (How claims are made
 * exclusive between agents is decided when the fleet is wired, issue 11.)
 *
 * @param partitions the Kafka partitions owned; empty means all of them
 */
public record OwnerDocument(String agent, List<Integer> partitions) {
    public OwnerDocument {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }
}
