package io.gpwarden.layout.move;

import io.gpwarden.layout.plan.Strategy;

import java.util.List;

/**
 * What {@code layout move} is asked for: the target strategy (and block size), optional mirror roots
 * for the mirrors that move (empty: reuse the roots of the mirrors leaving each host), and the port
 * offset used when a host has no mirror to take ports from.
 */
public record MoveRequest(Strategy target, int blockSize, List<String> mirrorDirs, int portOffset) {
    public MoveRequest {
        mirrorDirs = List.copyOf(mirrorDirs);
    }
}
