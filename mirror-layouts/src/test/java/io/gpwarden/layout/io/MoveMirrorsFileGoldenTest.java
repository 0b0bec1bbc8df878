package io.gpwarden.layout.io;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.Golden;
import io.gpwarden.layout.Layouts;
import io.gpwarden.layout.move.DiskSpace;
import io.gpwarden.layout.move.MovePlan;
import io.gpwarden.layout.move.MovePlanner;
import io.gpwarden.layout.move.MoveRequest;
import io.gpwarden.layout.plan.MirrorPlanner;
import io.gpwarden.layout.plan.MirrorPolicy;
import io.gpwarden.layout.plan.PlacementRules;
import io.gpwarden.layout.plan.Strategy;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gpmovemirrors files derived by hand. Three hosts × two primaries with group mirrors: sdw1's contents
 * 0, 1 mirrored on sdw2 (ports 7000, 7001), sdw2's 2, 3 on sdw3, sdw3's 4, 5 on sdw1. Spread on three
 * hosts with two primaries each is unique: every host sends one mirror to each other host. The lowest
 * content of each host stays (0, 2, 4); 1 goes to sdw3, 3 to sdw1, 5 to sdw2. Each keeps its directory
 * name under the root of the mirror leaving the target host, and takes the lowest port at or above the
 * target's lowest mirror port that no instance uses before or after: 7002 (GP5: replication port 8002).
 */
class MoveMirrorsFileGoldenTest {

    private static MovePlan groupToSpread(Cluster cluster) {
        return new MovePlanner().plan(cluster, new MoveRequest(Strategy.SPREAD, 0, List.of(), 1000), DiskSpace.UNKNOWN);
    }

    @Test
    void gp6MoveAndBackout() {
        MovePlan plan = groupToSpread(Layouts.mirrored(3, 2, Strategy.GROUP, 0));
        assertThat(MoveMirrorsFile.render(plan, GpVersion.GP6)).isEqualTo(Golden.read("gp6-move-group-to-spread-3x2.txt"));
        assertThat(MoveMirrorsFile.renderBackout(plan, GpVersion.GP6))
                .isEqualTo(Golden.read("gp6-move-group-to-spread-3x2-backout.txt"));
    }

    @Test
    void gp5MoveAndBackoutCarryReplicationPorts() {
        Cluster gp5 = new MirrorPlanner().plan(Layouts.unmirrored(Layouts.hosts(3), 2, GpVersion.GP5),
                new MirrorPolicy(Strategy.GROUP, 0, List.of("/data/mirror1", "/data/mirror2"), 1000,
                        PlacementRules.GPADDMIRRORS)).result();
        MovePlan plan = groupToSpread(gp5);
        assertThat(MoveMirrorsFile.render(plan, GpVersion.GP5)).isEqualTo(Golden.read("gp5-move-group-to-spread-3x2.txt"));
        assertThat(MoveMirrorsFile.renderBackout(plan, GpVersion.GP5))
                .isEqualTo(Golden.read("gp5-move-group-to-spread-3x2-backout.txt"));
    }

    @Test
    void backoutNameIsGpmovemirrorsOwn() {
        assertThat(MoveMirrorsFile.backoutName("/tmp/move", ZonedDateTime.of(2024, 3, 5, 14, 7, 9, 0, ZoneOffset.UTC)))
                .isEqualTo("/tmp/move_backout_030524140709");
    }
}
