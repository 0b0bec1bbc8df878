package io.gpwarden.layout.expand;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.Golden;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Layouts;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.io.ExpandFile;
import io.gpwarden.layout.plan.Strategy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * gpexpand rows derived by hand. Existing: sdw1, sdw2, two primaries each (6000, 6001), group mirrors
 * (7000, 7001 in /data/mirror), dbids up to 9. Adding sdw3, sdw4 with group: new primaries on
 * 6000 + k; sdw3's mirrors on sdw4 and back, ports 7000 + k; primaries sorted by host take contents
 * 4..7 and dbids 10..13; mirrors sorted by host take dbids 14..17 (sdw3 holds contents 6, 7).
 */
class ExpansionPlannerTest {
    private final ExpansionPlanner planner = new ExpansionPlanner();

    @Test
    void groupExpansionMatchesGpexpand() {
        Cluster cluster = Layouts.mirrored(2, 2, Strategy.GROUP, 0);
        ExpansionPlanner.Expansion e = planner.plan(cluster, List.of("sdw3", "sdw4"), ExpansionPlanner.Mirroring.GROUP, 0);
        assertThat(ExpandFile.render(e, GpVersion.GP6)).isEqualTo(Golden.read("gp6-expand-group-2plus2.txt"));
    }

    @Test
    void expandedLayoutsKeepTheirStrategy() {
        assertStrategyAfter(Layouts.mirrored(4, 3, Strategy.SPREAD, 0), Layouts.hosts(8).subList(4, 8),
                ExpansionPlanner.Mirroring.SPREAD, 0, "spread");
        assertStrategyAfter(Layouts.mirrored(8, 4, Strategy.BLOCK, 4), Layouts.hosts(12).subList(8, 12),
                ExpansionPlanner.Mirroring.BLOCK, 4, "block of size 4");
        assertStrategyAfter(Layouts.mirrored(3, 2, Strategy.GROUP, 0), List.of("sdw9", "sdw10", "sdw11"),
                ExpansionPlanner.Mirroring.GROUP, 0, "group");
    }

    private void assertStrategyAfter(Cluster cluster, List<String> hosts, ExpansionPlanner.Mirroring m, int b, String shape) {
        ExpansionPlanner.Expansion e = planner.plan(cluster, hosts, m, b);
        CheckReport r = LayoutCheck.check(e.result(), new CheckOptions(false, List.of(), null, 0));
        assertThat(r.violations()).isEmpty();
        assertThat(r.shape().describe()).isEqualTo(shape);
    }

    @Test
    void gpexpandRulesAreEnforced() {
        Cluster group = Layouts.mirrored(2, 2, Strategy.GROUP, 0);
        assertThatThrownBy(() -> planner.plan(group, List.of("sdw3"), ExpansionPlanner.Mirroring.GROUP, 0))
                .isInstanceOf(LayoutException.class).hasMessageContaining("at least 2 new hosts");
        assertThatThrownBy(() -> planner.plan(group, List.of("sdw3", "sdw4"), ExpansionPlanner.Mirroring.SPREAD, 0))
                .hasMessageContaining("more new hosts than primaries per host (2)");
        assertThatThrownBy(() -> planner.plan(group, List.of("sdw3", "sdw4", "sdw5"), ExpansionPlanner.Mirroring.BLOCK, 2))
                .hasMessageContaining("not a multiple of block size 2");
        assertThatThrownBy(() -> planner.plan(group, List.of("sdw2", "sdw3"), ExpansionPlanner.Mirroring.GROUP, 0))
                .hasMessageContaining("sdw2 is already in the cluster");
        assertThatThrownBy(() -> planner.plan(Layouts.unmirrored(2, 2), List.of("sdw3"), ExpansionPlanner.Mirroring.GROUP, 0))
                .hasMessageContaining("has no mirrors");
    }

    @Test
    void mirrorlessClustersGetPrimariesOnly() {
        ExpansionPlanner.Expansion e = planner.plan(Layouts.unmirrored(2, 2), List.of("sdw3"), ExpansionPlanner.Mirroring.NONE, 0);
        assertThat(ExpandFile.render(e, GpVersion.GP6)).isEqualTo(
                "sdw3|sdw3|6000|/data/primary/gpseg4|6|4|p\nsdw3|sdw3|6001|/data/primary/gpseg5|7|5|p\n");
    }
}
