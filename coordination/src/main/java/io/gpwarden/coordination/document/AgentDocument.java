package io.gpwarden.coordination.document;

import java.util.List;
import java.util.Objects;

/**
 * {@code agents/<id>}: an agent's registration, lease-bound (it vanishes when the agent dies).
 *
 * @param seesCoordinator whether the agent can reach the coordinator (a second observer for failover)
 * @param rowsPerSecond rows loaded per second over the last interval, for spreading jobs
 */
public record AgentDocument(String host, String version, List<String> jobs, boolean seesCoordinator,
                            double rowsPerSecond) {
    public AgentDocument {
        Objects.requireNonNull(host, "host");
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
