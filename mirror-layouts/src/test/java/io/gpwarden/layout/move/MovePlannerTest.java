package io.gpwarden.layout.move;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Layouts;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.check.StrategyRecognizer;
import io.gpwarden.layout.io.MoveMirrorsFile;
import io.gpwarden.layout.plan.Strategy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Moves reach the target strategy with no violation, the backout file restores the original catalog,
 * and no valid layout of the target strategy keeps more mirrors in place (exhaustive search over every
 * placement of every mirror on small shapes).
 */
class MovePlannerTest {

    record Shape(int hosts, int perHost, Strategy target, int blockSize, long seed) {
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(Arbitraries.integers().between(2, 14), Arbitraries.integers().between(1, 6),
                        Arbitraries.of(Strategy.values()), Arbitraries.integers().between(2, 7), Arbitraries.longs())
                .as(Shape::new)
                .filter(s -> switch (s.target()) {
                    case GROUP -> true;
                    case SPREAD -> s.hosts() > s.perHost();
                    case BLOCK -> s.blockSize() <= s.hosts() && s.hosts() % s.blockSize() == 0;
                });
    }

    @Property(tries = 120)
    void movesReachTheTargetAndTheBackoutRestoresTheOriginal(@ForAll("shapes") Shape shape) {
        int[][] layout = Layouts.randomBalanced(shape.hosts(), shape.perHost(), new Random(shape.seed()));
        Cluster before = Layouts.fromHostIndexes(shape.hosts(), layout[0], layout[1]);
        MovePlan plan = new MovePlanner().plan(before, new MoveRequest(shape.target(), shape.blockSize(), List.of(), 1000),
                DiskSpace.UNKNOWN);

        Cluster after = MoveFileApplier.apply(before, MoveMirrorsFile.render(plan, GpVersion.GP6));
        assertThat(after.segments()).isEqualTo(plan.result().segments());
        var report = LayoutCheck.check(after, new CheckOptions(false, List.of(), shape.target(), shape.blockSize()));
        assertThat(report.violations()).isEmpty();
        assertThat(report.expectedMismatch()).isNull();
        assertThat(plan.moves().size() + plan.mirrorsStaying()).isEqualTo(before.contentCount());
        for (MirrorMove m : plan.moves()) {
            assertThat(m.toHost()).isNotEqualTo(m.from().hostname());
        }

        Cluster restored = MoveFileApplier.apply(after, MoveMirrorsFile.renderBackout(plan, GpVersion.GP6));
        assertThat(restored.segments()).isEqualTo(before.segments());
    }

    @Property(tries = 80)
    void noValidLayoutOfTheTargetKeepsMoreMirrors(@ForAll @IntRange(min = 2, max = 6) int hosts,
                                                  @ForAll @IntRange(min = 1, max = 2) int perHost,
                                                  @ForAll @IntRange(min = 2, max = 6) int blockSize,
                                                  @ForAll long seed) {
        if (Math.pow(hosts - 1, hosts * perHost) > 20_000) {
            return; // exhaustive search too large; other tries cover the shape space
        }
        int[][] layout = Layouts.randomBalanced(hosts, perHost, new Random(seed));
        Cluster before = Layouts.fromHostIndexes(hosts, layout[0], layout[1]);
        for (Strategy target : Strategy.values()) {
            if ((target == Strategy.SPREAD && hosts <= perHost)
                    || (target == Strategy.BLOCK && (blockSize > hosts || hosts % blockSize != 0))) {
                continue;
            }
            int best = bestStaysByExhaustiveSearch(layout[0], layout[1], hosts, target, blockSize);
            MovePlan plan = new MovePlanner().plan(before, new MoveRequest(target, blockSize, List.of(), 1000),
                    DiskSpace.UNKNOWN);
            assertThat(plan.mirrorsStaying()).as("%s on %d hosts × %d", target, hosts, perHost).isEqualTo(best);
        }
    }

    /** Tries every host for every mirror; keeps the placements that are valid layouts of the target. */
    private static int bestStaysByExhaustiveSearch(int[] primaryHost, int[] current, int hosts, Strategy target, int b) {
        int n = primaryHost.length;
        int[] choice = new int[n];
        int best = -1;
        long combos = (long) Math.pow(hosts - 1, n);
        for (long code = 0; code < combos; code++) {
            long rest = code;
            int stays = 0;
            for (int c = 0; c < n; c++) {
                int pick = (int) (rest % (hosts - 1));
                rest /= hosts - 1;
                choice[c] = pick >= primaryHost[c] ? pick + 1 : pick;
                if (choice[c] == current[c]) {
                    stays++;
                }
            }
            if (stays <= best) {
                continue;
            }
            HostLayout candidate = new HostLayout(hostNames(hosts), primaryHost, choice);
            if (StrategyRecognizer.mismatch(candidate, target, b).isEmpty()) {
                best = stays;
            }
        }
        return best;
    }

    private static String[] hostNames(int hosts) {
        return Layouts.hosts(hosts).toArray(new String[0]);
    }

    @Test
    void aLayoutAlreadyOfTheTargetMovesNothing() {
        for (Strategy s : Strategy.values()) {
            Cluster cluster = Layouts.mirrored(8, 3, s, 4);
            MovePlan plan = new MovePlanner().plan(cluster, new MoveRequest(s, 4, List.of(), 1000), DiskSpace.UNKNOWN);
            assertThat(plan.moves()).as(s.label()).isEmpty();
        }
    }

    @Test
    void groupToSpreadKeepsOneMirrorPerHost() {
        // From group every host's P mirrors share one host; spread allows one of them to stay there.
        Cluster group = Layouts.mirrored(10, 4, Strategy.GROUP, 0);
        MovePlan plan = new MovePlanner().plan(group, new MoveRequest(Strategy.SPREAD, 0, List.of(), 1000), DiskSpace.UNKNOWN);
        assertThat(plan.mirrorsStaying()).isEqualTo(10);
        assertThat(plan.moves()).hasSize(30);
    }

    @Test
    void movedMirrorsKeepTheirNameUnderTheRootOfAMirrorLeavingTheHostAndGetFreshPorts() {
        Cluster group = Layouts.mirrored(5, 2, Strategy.GROUP, 0);
        MovePlan plan = new MovePlanner().plan(group, new MoveRequest(Strategy.SPREAD, 0, List.of(), 1000), DiskSpace.UNKNOWN);
        for (MirrorMove m : plan.moves()) {
            assertThat(m.toDatadir()).isEqualTo("/data/mirror/gpseg" + m.content());
            // sdwN's mirrors use 7000 and 7001 today; a new one never takes a port in use before the move.
            assertThat(m.toPort()).isGreaterThanOrEqualTo(7002);
        }
    }

    @Test
    void refusesAMoveOntoAHostWithoutTheSpace() {
        Cluster group = Layouts.mirrored(5, 2, Strategy.GROUP, 0);
        Map<String, Long> free = Map.of("sdw1", 10L << 30, "sdw2", 500L << 30, "sdw3", 500L << 30,
                "sdw4", 500L << 30, "sdw5", 500L << 30);
        DiskSpace disk = new DiskSpace(free, Map.of(), 100L << 30);
        assertThatThrownBy(() -> new MovePlanner().plan(group, new MoveRequest(Strategy.SPREAD, 0, List.of(), 1000), disk))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("sdw1 needs 100.0 GiB for 1 mirror but gp_disk_free reports 10.0 GiB free");
        DiskSpace roomy = new DiskSpace(Map.of("sdw1", 500L << 30), Map.of(), 100L << 30);
        MovePlan plan = new MovePlanner().plan(group, new MoveRequest(Strategy.SPREAD, 0, List.of(), 1000), roomy);
        assertThat(plan.space()).extracting(HostSpace::host).containsExactly("sdw1", "sdw2", "sdw3", "sdw4", "sdw5");
        assertThat(plan.space().get(0).bytesNeeded()).isEqualTo(100L << 30);
    }

    @Test
    void refusesMirrorsActingAsPrimary() {
        Cluster group = Layouts.mirrored(3, 1, Strategy.GROUP, 0);
        Segment m = group.mirror(0);
        Segment p = group.primary(0);
        Cluster failedOver = group.withReplaced(List.of(
                new Segment(m.dbid(), 0, io.gpwarden.layout.Role.PRIMARY, m.preferredRole(), 'n', 'u', m.port(), m.hostname(),
                        m.address(), m.datadir(), null),
                new Segment(p.dbid(), 0, io.gpwarden.layout.Role.MIRROR, p.preferredRole(), 'n', 'd', p.port(), p.hostname(),
                        p.address(), p.datadir(), null)));
        assertThatThrownBy(() -> new MovePlanner().plan(failedOver, new MoveRequest(Strategy.SPREAD, 0, List.of(), 1000),
                DiskSpace.UNKNOWN)).hasMessageContaining("gprecoverseg -r");
    }
}
