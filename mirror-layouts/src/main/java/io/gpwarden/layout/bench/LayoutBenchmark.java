package io.gpwarden.layout.bench;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.FailureAnalysis;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.io.AddMirrorsFile;
import io.gpwarden.layout.io.MoveMirrorsFile;
import io.gpwarden.layout.io.NewClusterSpec;
import io.gpwarden.layout.io.SegmentConfigurationCsv;
import io.gpwarden.layout.move.DiskSpace;
import io.gpwarden.layout.move.MovePlan;
import io.gpwarden.layout.move.MovePlanner;
import io.gpwarden.layout.move.MoveRequest;
import io.gpwarden.layout.plan.MirrorPlan;
import io.gpwarden.layout.plan.MirrorPlanner;
import io.gpwarden.layout.plan.MirrorPolicy;
import io.gpwarden.layout.plan.PlacementRules;
import io.gpwarden.layout.plan.Strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Times the engine on synthetic clusters of H hosts × P primaries, for the three budgets of the
 * layout planner (figures in docs/benchmarks.md ("Mirror layouts")):
 * <ol>
 *   <li>plan + check + every single-host what-if: parse the mirrorless catalog CSV, plan spread,
 *       write the gpaddmirrors file, check the result (invariants, strategy, single failures);</li>
 *   <li>every two-host what-if (H·(H−1)/2 pairs) on that layout;</li>
 *   <li>move planning from group to spread, including the gpmovemirrors file.</li>
 * </ol>
 * Each case runs {@code runs} times; the first run (cold for that size) and the median are reported.
 * A checksum of each result is kept so the work cannot be optimised away.
 */
public final class LayoutBenchmark {
    private final LongSupplier nanoTime;

    public LayoutBenchmark(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** One measured case: what, at which size, first run and median in milliseconds, and a result summary. */
    public record Result(int hosts, int primariesPerHost, String operation, double firstMillis, double medianMillis,
                         String outcome) {
    }

    public List<Result> run(List<Integer> hostCounts, int primariesPerHost, int runs) {
        List<Result> out = new ArrayList<>();
        for (int hosts : hostCounts) {
            Cluster bare = synthetic(hosts, primariesPerHost);
            String csv = toCsv(bare);
            CheckReport[] last = new CheckReport[1];
            out.add(measure(hosts, primariesPerHost, "plan spread + check + single-host what-ifs", runs, () -> {
                Cluster parsed = SegmentConfigurationCsv.read("bench.csv", csv, GpVersion.GP6);
                MirrorPlan plan = new MirrorPlanner().plan(parsed, new MirrorPolicy(Strategy.SPREAD, 0,
                        List.of("/data/mirror"), 1000, PlacementRules.GPADDMIRRORS));
                String file = AddMirrorsFile.render(plan, GpVersion.GP6);
                CheckReport report = LayoutCheck.check(plan.result(), new CheckOptions(false, List.of(), null, 0));
                last[0] = report;
                return report.shape().describe() + ", " + report.violations().size() + " violations, worst single failure "
                        + report.worstSingleFailure().busiestActivePrimaries() + " active, file " + file.length() + " bytes";
            }));
            Cluster spread = new MirrorPlanner().plan(bare, new MirrorPolicy(Strategy.SPREAD, 0, List.of("/data/mirror"),
                    1000, PlacementRules.GPADDMIRRORS)).result();
            HostLayout spreadLayout = HostLayout.of(spread);
            out.add(measure(hosts, primariesPerHost, "all two-host what-ifs", runs, () -> {
                FailureAnalysis.PairSummary pairs = new FailureAnalysis(spreadLayout).pairFailures();
                return pairs.pairs() + " pairs, " + pairs.pairsLosingContent() + " lose a content, worst busiest "
                        + pairs.worstBusiestActive();
            }));
            Cluster group = new MirrorPlanner().plan(bare, new MirrorPolicy(Strategy.GROUP, 0, List.of("/data/mirror"),
                    1000, PlacementRules.GPADDMIRRORS)).result();
            out.add(measure(hosts, primariesPerHost, "move group -> spread", runs, () -> {
                MovePlan plan = new MovePlanner().plan(group, new MoveRequest(Strategy.SPREAD, 0, List.of(), 1000),
                        DiskSpace.UNKNOWN);
                String file = MoveMirrorsFile.render(plan, GpVersion.GP6);
                return plan.moves().size() + " moves, " + plan.mirrorsStaying() + " stay, file " + file.length() + " bytes";
            }));
        }
        return out;
    }

    private interface Work {
        String run();
    }

    private Result measure(int hosts, int p, String what, int runs, Work work) {
        long[] times = new long[runs];
        String outcome = null;
        for (int i = 0; i < runs; i++) {
            long start = nanoTime.getAsLong();
            outcome = work.run();
            times[i] = nanoTime.getAsLong() - start;
        }
        long first = times[0];
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        long median = sorted[runs / 2];
        return new Result(hosts, p, what, first / 1e6, median / 1e6, outcome);
    }

    /** A mirrorless cluster as gpinitsystem lays it out: sdw1..sdwH, P primaries each from port 6000. */
    public static Cluster synthetic(int hosts, int primariesPerHost) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= hosts; i++) {
            names.add("sdw" + i);
        }
        return new NewClusterSpec(names, primariesPerHost, 6000, List.of("/data/primary"), "cdw", 5432,
                "/data/coordinator/gpseg-1", GpVersion.GP6).build();
    }

    /** The cluster as {@code \copy (select * from gp_segment_configuration) to 'f.csv' csv header} writes it. */
    public static String toCsv(Cluster cluster) {
        StringBuilder sb = new StringBuilder("dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir\n");
        for (Segment s : cluster.segments()) {
            sb.append(s.dbid()).append(',').append(s.content()).append(',').append(s.role().code()).append(',')
                    .append(s.preferredRole().code()).append(',').append(s.mode()).append(',').append(s.status()).append(',')
                    .append(s.port()).append(',').append(s.hostname()).append(',').append(s.address()).append(',')
                    .append(s.datadir()).append('\n');
        }
        return sb.toString();
    }
}
