package io.gpwarden.layout.plan;

import io.gpwarden.layout.Cluster;

import java.util.List;

/**
 * The mirrors a plan adds, in the order the rules generated them (the order of the gpaddmirrors
 * file), the whole cluster with those mirrors added, and notes a DBA should read (for example
 * gpaddmirrors' "non-standard system" warning).
 */
public record MirrorPlan(Strategy strategy, int blockSize, PlacementRules rules, List<PlannedMirror> mirrors,
                         Cluster result, List<String> notes) {
    public MirrorPlan {
        mirrors = List.copyOf(mirrors);
        notes = List.copyOf(notes);
    }
}
