package io.gpwarden.layout.plan;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.Golden;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Layouts;
import io.gpwarden.layout.io.AddMirrorsFile;
import io.gpwarden.layout.io.SegmentConfigurationCsv;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * gpaddmirrors -i files pinned against outputs derived by hand from GpMirrorBuildCalculator.
 *
 * <p>The 3 × 2 cluster: hosts sdw1..sdw3, primaries on ports 6000 and 6001 (contents 0,1 on sdw1;
 * 2,3 on sdw2; 4,5 on sdw3), coordinator cdw:5432 in /data/coordinator/gpseg-1 (prefix "gpseg"),
 * -m list /data/mirror1, /data/mirror2, offset 1000. Placing a mirror on host t takes j = mirrors
 * already on t: port = 6000 + j + 1000, directory = mirrorDirs[j]/gpseg&lt;content&gt;.
 * <pre>
 * group  (host i → host i+1): sdw1's 0,1 → sdw2 (j 0,1: 7000, 7001); sdw2's 2,3 → sdw3; sdw3's 4,5 → sdw1.
 * spread (host i → i+1, i+2): 0→sdw2 j0, 1→sdw3 j0 | 2→sdw3 j1, 3→sdw1 j0 | 4→sdw1 j1, 5→sdw2 j1.
 * GP5 group adds replication ports: mirror base+j+2000 (8000, 8001), primary base+index+3000 (9000, 9001).
 * gpinitsystem spread: k-th primary of host c → host c+1+k; port = primary port + 1000, directory mirrorDirs[k].
 * block 4 × 3 (chunk ceil(3/3) = 1): position r sends its k-th primary to r+1+k:
 *   sdw1: 0→sdw2 j0, 1→sdw3 j0, 2→sdw4 j0 | sdw2: 3→sdw3 j1, 4→sdw4 j1, 5→sdw1 j0
 *   sdw3: 6→sdw4 j2, 7→sdw1 j1, 8→sdw2 j1 | sdw4: 9→sdw1 j2, 10→sdw2 j2, 11→sdw3 j2
 * </pre>
 */
class MirrorPlannerGoldenTest {
    private static final List<String> TWO_ROOTS = List.of("/data/mirror1", "/data/mirror2");

    private static String plan(Cluster cluster, Strategy strategy, int blockSize, List<String> dirs, PlacementRules rules) {
        MirrorPlan plan = new MirrorPlanner().plan(cluster, new MirrorPolicy(strategy, blockSize, dirs, 1000, rules));
        return AddMirrorsFile.render(plan, cluster.version());
    }

    @Test
    void groupMatchesGpaddmirrors() {
        assertThat(plan(Layouts.unmirrored(3, 2), Strategy.GROUP, 0, TWO_ROOTS, PlacementRules.GPADDMIRRORS))
                .isEqualTo(Golden.read("gp6-group-3x2.txt"));
    }

    @Test
    void spreadMatchesGpaddmirrors() {
        assertThat(plan(Layouts.unmirrored(3, 2), Strategy.SPREAD, 0, TWO_ROOTS, PlacementRules.GPADDMIRRORS))
                .isEqualTo(Golden.read("gp6-spread-3x2.txt"));
    }

    @Test
    void gp5GroupAddsReplicationPortsAndFilespaceOrder() {
        Cluster gp5 = Layouts.unmirrored(Layouts.hosts(3), 2, GpVersion.GP5);
        assertThat(plan(gp5, Strategy.GROUP, 0, TWO_ROOTS, PlacementRules.GPADDMIRRORS))
                .isEqualTo(Golden.read("gp5-group-3x2.txt"));
    }

    @Test
    void gpinitsystemRulesKeepPrimaryPortPlusOffset() {
        assertThat(plan(Layouts.unmirrored(3, 2), Strategy.SPREAD, 0, TWO_ROOTS, PlacementRules.GPINITSYSTEM))
                .isEqualTo(Golden.read("gp6-gpinitsystem-spread-3x2.txt"));
    }

    @Test
    void blockFollowsDocumentedChunking() {
        assertThat(plan(Layouts.unmirrored(4, 3), Strategy.BLOCK, 4, List.of("/data/mirror"), PlacementRules.GPADDMIRRORS))
                .isEqualTo(Golden.read("gp6-block-4x3.txt"));
    }

    @Test
    void hostsAreSortedAsPlainStringsLikeGpaddmirrors() {
        // Contents in natural host order (sdw1: 0, sdw2: 1, sdw10: 2), but gpaddmirrors walks the hosts as
        // sorted strings: sdw1 → sdw10, sdw10 → sdw2, sdw2 → sdw1, and writes lines in that order.
        String csv = """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir
                1,-1,p,p,n,u,5432,cdw,cdw,/data/coordinator/gpseg-1
                2,0,p,p,n,u,6000,sdw1,sdw1,/data/primary/gpseg0
                3,1,p,p,n,u,6000,sdw2,sdw2,/data/primary/gpseg1
                4,2,p,p,n,u,6000,sdw10,sdw10,/data/primary/gpseg2
                """;
        Cluster cluster = SegmentConfigurationCsv.read("f.csv", csv, GpVersion.GP6);
        assertThat(plan(cluster, Strategy.GROUP, 0, List.of("/data/mirror"), PlacementRules.GPADDMIRRORS))
                .isEqualTo(Golden.read("gp6-group-plain-sort.txt"));
    }

    @Test
    void documentedBlockOfFourWithEightPrimariesSendsChunksOfThreeThreeTwo() {
        MirrorPlan plan = new MirrorPlanner().plan(Layouts.unmirrored(8, 8),
                new MirrorPolicy(Strategy.BLOCK, 4, List.of("/data/mirror"), 1000, PlacementRules.GPADDMIRRORS));
        // sdw1 holds contents 0..7: 0-2 → sdw2, 3-5 → sdw3, 6-7 → sdw4; the second block never mixes with the first.
        List<String> targets = plan.mirrors().stream().filter(m -> m.content() < 8)
                .sorted((a, b) -> Integer.compare(a.content(), b.content())).map(PlannedMirror::hostname).toList();
        assertThat(targets).containsExactly("sdw2", "sdw2", "sdw2", "sdw3", "sdw3", "sdw3", "sdw4", "sdw4");
        assertThat(plan.mirrors().stream().filter(m -> m.content() >= 32).map(PlannedMirror::hostname))
                .allMatch(h -> List.of("sdw5", "sdw6", "sdw7", "sdw8").contains(h));
    }

    @Test
    void coordinatorDirectoryGivesThePrefix() {
        String csv = """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir
                1,-1,p,p,n,u,5432,cdw,cdw,/data/master/demoseg-1
                2,0,p,p,n,u,6000,sdw1,sdw1,/data/primary/demoseg0
                3,1,p,p,n,u,6000,sdw2,sdw2,/data/primary/demoseg1
                """;
        Cluster cluster = SegmentConfigurationCsv.read("f.csv", csv, GpVersion.GP6);
        assertThat(plan(cluster, Strategy.GROUP, 0, List.of("/data/mirror/"), PlacementRules.GPADDMIRRORS))
                .isEqualTo("0|sdw2|7000|/data/mirror/demoseg0\n1|sdw1|7000|/data/mirror/demoseg1\n");
    }

    @Test
    void spreadWithTooFewHostsIsRefusedWithWhatWouldWork() {
        assertThatThrownBy(() -> plan(Layouts.unmirrored(4, 4), Strategy.SPREAD, 0, List.of("/m"), PlacementRules.GPADDMIRRORS))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("spread mirroring needs more hosts than primaries per host")
                .hasMessageContaining("at least 5");
    }

    @Test
    void blockSizeThatDoesNotDivideTheHostsIsRefused() {
        assertThatThrownBy(() -> plan(Layouts.unmirrored(10, 4), Strategy.BLOCK, 4, List.of("/m"), PlacementRules.GPADDMIRRORS))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("block size 4 does not divide the 10 hosts")
                .hasMessageContaining("2, 5, 10");
    }

    @Test
    void tooFewMirrorDirectoriesAreRefused() {
        assertThatThrownBy(() -> plan(Layouts.unmirrored(3, 4), Strategy.GROUP, 0, List.of("/m1", "/m2"), PlacementRules.GPADDMIRRORS))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("receives 4 mirrors: give 4 roots");
    }

    @Test
    void portOffsetPastTheRangeIsRefusedWithTheOffsetsThatWork() {
        MirrorPolicy policy = new MirrorPolicy(Strategy.GROUP, 0, List.of("/m"), 20000, PlacementRules.GPADDMIRRORS);
        assertThatThrownBy(() -> new MirrorPlanner().plan(Layouts.unmirrored(3, 2), policy))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("outside 6432..61000")
                .hasMessageContaining("offsets from 1000 to 18333 work");
        MirrorPolicy low = new MirrorPolicy(Strategy.GROUP, 0, List.of("/m"), 500, PlacementRules.GPADDMIRRORS);
        assertThatThrownBy(() -> new MirrorPlanner().plan(Layouts.unmirrored(3, 2), low))
                .hasMessageContaining("lowest port 5432 gives 5932");
    }

    @Test
    void clustersWithMirrorsAreRefused() {
        Cluster mirrored = Layouts.mirrored(3, 2, Strategy.GROUP, 0);
        assertThatThrownBy(() -> plan(mirrored, Strategy.SPREAD, 0, List.of("/m"), PlacementRules.GPADDMIRRORS))
                .hasMessageContaining("already has mirrors").hasMessageContaining("layout move --to spread");
    }

    @Test
    void aHostTokenInAMirrorRootNamesTheTargetHost() {
        assertThat(plan(Layouts.unmirrored(2, 1), Strategy.GROUP, 0, List.of("/cluster/hosts/{host}/data/mirror"),
                PlacementRules.GPADDMIRRORS)).isEqualTo("0|sdw2|7000|/cluster/hosts/sdw2/data/mirror/gpseg0\n"
                + "1|sdw1|7000|/cluster/hosts/sdw1/data/mirror/gpseg1\n");
    }
}
