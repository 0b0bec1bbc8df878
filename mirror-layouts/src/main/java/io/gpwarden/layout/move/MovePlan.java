package io.gpwarden.layout.move;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.plan.Strategy;

import java.util.List;

/**
 * The fewest mirror moves that reach a valid layout of the target strategy: the moves (in content
 * order, the order of the gpmovemirrors file), how many mirrors stay, the space each target host needs,
 * the cluster as it will be afterwards, and notes (for block: how the blocks were chosen).
 */
public record MovePlan(Strategy target, int blockSize, List<MirrorMove> moves, int mirrorsStaying,
                       List<HostSpace> space, Cluster result, List<String> notes) {
    public MovePlan {
        moves = List.copyOf(moves);
        space = List.copyOf(space);
        notes = List.copyOf(notes);
    }
}
