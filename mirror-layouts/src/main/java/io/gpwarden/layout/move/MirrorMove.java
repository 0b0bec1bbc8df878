package io.gpwarden.layout.move;

import io.gpwarden.layout.Segment;

/**
 * One mirror to move: the mirror as the catalog has it today, and where it goes. {@code toReplicationPort}
 * is set for GP5 only.
 */
public record MirrorMove(int content, Segment from, String toHost, String toAddress, int toPort, String toDatadir,
                         Integer toReplicationPort) {
}
