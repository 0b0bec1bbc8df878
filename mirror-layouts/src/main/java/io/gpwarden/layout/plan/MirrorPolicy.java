package io.gpwarden.layout.plan;

import java.util.List;

/**
 * What a plan is asked for: the strategy (and block size for block), the gpaddmirrors -m list of
 * mirror roots, the mirror port offset (gpaddmirrors -p) and whose port and directory rules apply.
 */
public record MirrorPolicy(Strategy strategy, int blockSize, List<String> mirrorDirs, int portOffset,
                           PlacementRules rules) {
    public static final int DEFAULT_PORT_OFFSET = 1000;

    public MirrorPolicy {
        mirrorDirs = List.copyOf(mirrorDirs);
    }
}
