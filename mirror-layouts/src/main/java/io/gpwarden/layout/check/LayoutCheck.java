package io.gpwarden.layout.check;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a cluster's layout against the invariants every valid layout keeps (reference §2):
 * every content has exactly one mirror, never on its primary's host; every host carries the same
 * number of primaries and of mirrors; no port or directory clashes on a host. Then names the
 * strategy, compares it with the expected one, and runs the failure what-ifs.
 */
public final class LayoutCheck {
    private LayoutCheck() {
    }

    public static CheckReport check(Cluster cluster, CheckOptions options) {
        HostLayout layout = HostLayout.of(cluster);
        List<Violation> violations = new ArrayList<>(invariantViolations(cluster, layout));
        violations.addAll(InstanceClashes.violations(cluster));
        List<String> warnings = warnings(cluster);
        LayoutShape shape = StrategyRecognizer.recognize(layout);
        String expected = null;
        String mismatch = null;
        if (options.expect() != null) {
            expected = options.expect().label()
                    + (options.expect() == io.gpwarden.layout.plan.Strategy.BLOCK ? " of size " + options.expectBlockSize() : "");
            mismatch = StrategyRecognizer.mismatch(layout, options.expect(), options.expectBlockSize()).orElse(null);
        }
        FailureAnalysis analysis = new FailureAnalysis(layout);
        FailureAnalysis.PairSummary pairs = options.pairs() ? analysis.pairFailures() : null;
        FailureAnalysis.Scenario scenario = null;
        if (!options.failHosts().isEmpty()) {
            List<String> unknown = options.failHosts().stream().filter(h -> layout.indexOf(h) < 0).toList();
            if (!unknown.isEmpty()) {
                throw new LayoutException("--fail names host" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                        + " that carr" + (unknown.size() > 1 ? "y" : "ies") + " no segment; segment hosts are "
                        + abbreviate(layout));
            }
            scenario = analysis.scenario(options.failHosts());
        }
        return new CheckReport(layout.hostCount(), layout.contentCount(), layout.maxPrimariesPerHost(), shape, expected,
                mismatch, violations, warnings, analysis.singleFailures(), pairs, scenario);
    }

    private static String abbreviate(HostLayout layout) {
        List<String> names = new ArrayList<>();
        for (int h = 0; h < Math.min(8, layout.hostCount()); h++) {
            names.add(layout.host(h));
        }
        return String.join(", ", names) + (layout.hostCount() > 8 ? ", ... (" + layout.hostCount() + " in all)" : "");
    }

    static List<Violation> invariantViolations(Cluster cluster, HostLayout layout) {
        List<Violation> out = new ArrayList<>();
        if (!cluster.hasMirrors()) {
            out.add(new Violation(Violation.ONE_MIRROR_PER_CONTENT, "no content has a mirror (" + cluster.contentCount()
                    + " contents): plan mirrors with 'gpwarden layout plan --strategy group|spread|block'"));
        } else {
            for (int c = 0; c < cluster.contentCount(); c++) {
                Segment p = cluster.primary(c);
                Segment m = cluster.mirror(c);
                if (m == null) {
                    out.add(new Violation(Violation.ONE_MIRROR_PER_CONTENT, "content " + c + " (primary " + p.describe()
                            + ") has no mirror"));
                } else if (m.hostname().equals(p.hostname())) {
                    out.add(new Violation(Violation.MIRROR_OFF_PRIMARY_HOST, "content " + c + ": mirror " + m.describe()
                            + " is on its primary's host " + p.hostname()));
                }
            }
        }
        Map<Integer, List<String>> byPrimaries = new TreeMap<>();
        Map<Integer, List<String>> byMirrors = new TreeMap<>();
        for (int h = 0; h < layout.hostCount(); h++) {
            byPrimaries.computeIfAbsent(layout.primariesOn(h), k -> new ArrayList<>()).add(layout.host(h));
            byMirrors.computeIfAbsent(layout.mirrorsOn(h), k -> new ArrayList<>()).add(layout.host(h));
        }
        if (byPrimaries.size() > 1) {
            out.add(new Violation(Violation.BALANCED_PRIMARIES, "hosts carry different numbers of primaries: "
                    + histogram(byPrimaries)));
        }
        if (cluster.hasMirrors() && byMirrors.size() > 1) {
            out.add(new Violation(Violation.BALANCED_MIRRORS, "hosts carry different numbers of mirrors: "
                    + histogram(byMirrors)));
        }
        return out;
    }

    private static String histogram(Map<Integer, List<String>> byCount) {
        List<String> parts = new ArrayList<>();
        byCount.forEach((count, hosts) -> parts.add(count + " on " + (hosts.size() <= 4 ? String.join(", ", hosts)
                : hosts.size() + " hosts (" + String.join(", ", hosts.subList(0, 3)) + ", ...)")));
        return String.join("; ", parts);
    }

    static List<String> warnings(Cluster cluster) {
        List<String> out = new ArrayList<>();
        List<Integer> swapped = new ArrayList<>();
        for (Segment s : cluster.segments()) {
            if (s.status() == 'd') {
                out.add("dbid " + s.dbid() + " (" + InstanceClashes.label(s) + " on " + s.hostname() + ":" + s.port()
                        + ") is down: recover it with gprecoverseg");
            }
            if (s.content() >= 0 && s.preferredRole() == io.gpwarden.layout.Role.PRIMARY && !s.inPreferredRole()) {
                swapped.add(s.content());
            }
        }
        if (!swapped.isEmpty()) {
            out.add(swapped.size() + " content" + (swapped.size() > 1 ? "s run" : " runs") + " on the mirror ("
                    + (swapped.size() <= 10 ? swapped.toString() : swapped.subList(0, 10) + "...")
                    + "): the what-ifs below use the configured roles; gprecoverseg -r restores them");
        }
        if (cluster.segments().stream().anyMatch(s -> s.datadir() == null)) {
            out.add("the export has no data directories (GP5 without pg_filespace_entry): directory clashes were not checked");
        }
        return out;
    }
}
