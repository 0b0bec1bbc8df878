package io.gpwarden.layout.check;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.Layouts;
import io.gpwarden.layout.plan.Strategy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast what-ifs against a plain simulation of every failure, and the textbook numbers per strategy. */
class FailureAnalysisTest {

    @Test
    void groupDoublesTheLoadOfOneHostAndLosesOnlyAdjacentPairs() {
        // 6 hosts × 4 primaries, group: host i → i+1. One failure puts 2P on the backup host.
        CheckReport r = LayoutCheck.check(Layouts.mirrored(6, 4, Strategy.GROUP, 0), CheckOptions.DEFAULT);
        assertThat(r.shape().describe()).isEqualTo("group");
        assertThat(r.worstSingleFailure().busiestActivePrimaries()).isEqualTo(8);
        // Only the 6 pairs {i, i+1} lose data, 4 contents each.
        assertThat(r.pairs().pairs()).isEqualTo(15);
        assertThat(r.pairs().pairsLosingContent()).isEqualTo(6);
        assertThat(r.pairs().maxContentsLostByOnePair()).isEqualTo(4);
    }

    @Test
    void spreadAddsOneActivePrimaryAndLosesTheMostPairs() {
        // 9 hosts × 8 primaries, spread: host i's mirrors on i+1..i+8, so every pair shares a content.
        CheckReport r = LayoutCheck.check(Layouts.mirrored(9, 8, Strategy.SPREAD, 0), CheckOptions.DEFAULT);
        assertThat(r.shape().name()).isEqualTo("spread");
        assertThat(r.worstSingleFailure().busiestActivePrimaries()).isEqualTo(9);
        assertThat(r.pairs().pairsLosingContent()).isEqualTo(36);
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void blockAddsOneChunkAndKeepsFailuresInDifferentBlocksSafe() {
        // 8 hosts × 8 primaries, blocks of 4: chunks 3, 3, 2, so one failure gives P + 3 = 11.
        CheckReport r = LayoutCheck.check(Layouts.mirrored(8, 8, Strategy.BLOCK, 4), CheckOptions.DEFAULT);
        assertThat(r.shape().describe()).isEqualTo("block of size 4");
        assertThat(r.worstSingleFailure().busiestActivePrimaries()).isEqualTo(11);
        // Pairs inside a block lose data (2 blocks × 6 pairs); pairs across blocks never do.
        assertThat(r.pairs().pairsLosingContent()).isEqualTo(12);
    }

    @Test
    void aSpecificFailureSetNamesTheLostContents() {
        Cluster cluster = Layouts.mirrored(4, 2, Strategy.GROUP, 0);
        CheckReport r = LayoutCheck.check(cluster, new CheckOptions(false, List.of("sdw1", "sdw2"), null, 0));
        // Group: sdw1's contents 0,1 are mirrored on sdw2, so both are gone; sdw2's go to sdw3.
        assertThat(r.scenario().lostContents()).containsExactly(0, 1);
        assertThat(r.scenario().busiestHost()).isEqualTo("sdw3");
        assertThat(r.scenario().busiestActivePrimaries()).isEqualTo(4);
    }

    @Property(tries = 60)
    void singleAndPairWhatIfsEqualASimulationOfEveryFailure(@ForAll @IntRange(min = 2, max = 9) int hosts,
                                                            @ForAll @IntRange(min = 1, max = 5) int perHost,
                                                            @ForAll long seed) {
        int[][] layout = Layouts.randomBalanced(hosts, perHost, new Random(seed));
        Cluster cluster = Layouts.fromHostIndexes(hosts, layout[0], layout[1]);
        HostLayout hl = HostLayout.of(cluster);
        FailureAnalysis fast = new FailureAnalysis(hl);

        List<FailureAnalysis.SingleFailure> singles = fast.singleFailures();
        for (int f = 0; f < hosts; f++) {
            FailureAnalysis.Scenario sim = fast.scenario(List.of(hl.host(f)));
            assertThat(singles.get(f).busiestActivePrimaries()).isEqualTo(sim.busiestActivePrimaries());
            assertThat(singles.get(f).contentsLost()).isEqualTo(sim.lostContents().size());
        }
        long losing = 0;
        int worstBusy = 0;
        int maxLost = 0;
        for (int a = 0; a < hosts; a++) {
            for (int b = a + 1; b < hosts; b++) {
                FailureAnalysis.Scenario sim = fast.scenario(List.of(hl.host(a), hl.host(b)));
                if (!sim.lostContents().isEmpty()) {
                    losing++;
                }
                maxLost = Math.max(maxLost, sim.lostContents().size());
                worstBusy = Math.max(worstBusy, sim.busiestActivePrimaries());
            }
        }
        FailureAnalysis.PairSummary pairs = fast.pairFailures();
        assertThat(pairs.pairsLosingContent()).isEqualTo(losing);
        assertThat(pairs.maxContentsLostByOnePair()).isEqualTo(maxLost);
        assertThat(pairs.worstBusiestActive()).isEqualTo(worstBusy);
        assertThat(pairs.busiestHistogram().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo((long) hosts * (hosts - 1) / 2);
    }

    @Property(tries = 30)
    void unmirroredContentsCountAsLostByTheirHostAlone(@ForAll @IntRange(min = 3, max = 7) int hosts,
                                                        @ForAll long seed) {
        Random random = new Random(seed);
        int[][] layout = Layouts.randomBalanced(hosts, 2, random);
        // Drop a few mirrors and put one on its primary's host.
        layout[1][0] = -1;
        layout[1][3] = layout[0][3];
        Cluster cluster = Layouts.fromHostIndexes(hosts, layout[0], layout[1]);
        HostLayout hl = HostLayout.of(cluster);
        FailureAnalysis fast = new FailureAnalysis(hl);
        long losing = 0;
        int maxLost = 0;
        for (int a = 0; a < hosts; a++) {
            assertThat(fast.singleFailures().get(a).contentsLost())
                    .isEqualTo(fast.scenario(List.of(hl.host(a))).lostContents().size());
            for (int b = a + 1; b < hosts; b++) {
                int lost = fast.scenario(List.of(hl.host(a), hl.host(b))).lostContents().size();
                losing += lost > 0 ? 1 : 0;
                maxLost = Math.max(maxLost, lost);
            }
        }
        assertThat(fast.pairFailures().pairsLosingContent()).isEqualTo(losing);
        assertThat(fast.pairFailures().maxContentsLostByOnePair()).isEqualTo(maxLost);
    }
}
