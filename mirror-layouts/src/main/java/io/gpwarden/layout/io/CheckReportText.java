package io.gpwarden.layout.io;

import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.FailureAnalysis;
import io.gpwarden.layout.check.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human report of {@code layout check}: strategy, invariants, warnings, then the what-if tables.
 * Small clusters get one row per failed host; large ones get rows grouped by outcome (the JSON report
 * always has every row).
 */
public final class CheckReportText {
    /** Up to this many hosts, the single-failure table lists every host. */
    public static final int ROWS_PER_HOST_LIMIT = 50;
    private static final int EXAMPLES_PER_RULE = 10;

    private CheckReportText() {
    }

    public static String render(CheckReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Layout: ").append(r.shape().describe());
        if (!r.shape().alsoMatches().isEmpty()) {
            sb.append(" (also ").append(String.join(", ", r.shape().alsoMatches())).append(')');
        }
        sb.append('\n');
        if (r.expected() != null) {
            sb.append("Expected: ").append(r.expected()).append(" - ")
                    .append(r.expectedMismatch() == null ? "matches" : "DOES NOT MATCH: " + r.expectedMismatch()).append('\n');
        }
        sb.append("Cluster: ").append(r.hosts()).append(" segment hosts, ").append(r.contents()).append(" contents, ")
                .append(r.primariesPerHost()).append(" primaries per host\n");
        if (r.violations().isEmpty()) {
            sb.append("Invariants: all hold (one mirror per content, never on its primary's host, balanced hosts,"
                    + " no port or directory clash)\n");
        } else {
            sb.append("Violations: ").append(r.violations().size()).append('\n');
            Map<String, List<String>> byRule = new LinkedHashMap<>();
            for (Violation v : r.violations()) {
                byRule.computeIfAbsent(v.rule(), k -> new ArrayList<>()).add(v.message());
            }
            byRule.forEach((rule, messages) -> {
                for (int i = 0; i < Math.min(EXAMPLES_PER_RULE, messages.size()); i++) {
                    sb.append("  [").append(rule).append("] ").append(messages.get(i)).append('\n');
                }
                if (messages.size() > EXAMPLES_PER_RULE) {
                    sb.append("  [").append(rule).append("] ... and ").append(messages.size() - EXAMPLES_PER_RULE)
                            .append(" more (see --json)\n");
                }
            });
        }
        for (String w : r.warnings()) {
            sb.append("Warning: ").append(w).append('\n');
        }
        renderSingles(sb, r);
        if (r.pairs() != null) {
            renderPairs(sb, r);
        }
        if (r.scenario() != null) {
            renderScenario(sb, r);
        }
        return sb.toString();
    }

    static String load(int active, int perHost) {
        return perHost == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", (double) active / perHost);
    }

    private static void renderSingles(StringBuilder sb, CheckReport r) {
        FailureAnalysis.SingleFailure worst = r.worstSingleFailure();
        if (worst == null) {
            return;
        }
        long losing = r.singleFailures().stream().filter(f -> f.contentsLost() > 0).count();
        sb.append("\nSingle-host failures (").append(r.singleFailures().size()).append("): the busiest surviving host"
                + " carries up to ").append(worst.busiestActivePrimaries()).append(" active primaries (load ")
                .append(load(worst.busiestActivePrimaries(), r.primariesPerHost())).append("); ")
                .append(losing == 0 ? "no single failure loses a content" : losing + " single failures lose contents")
                .append('\n');
        if (r.singleFailures().size() <= ROWS_PER_HOST_LIMIT) {
            sb.append(String.format(Locale.ROOT, "  %-20s %-20s %8s %7s %6s%n", "failed host", "busiest host", "active",
                    "load", "lost"));
            for (FailureAnalysis.SingleFailure f : r.singleFailures()) {
                sb.append(String.format(Locale.ROOT, "  %-20s %-20s %8d %7s %6d%n", f.failedHost(),
                        f.busiestHost() == null ? "-" : f.busiestHost(), f.busiestActivePrimaries(),
                        load(f.busiestActivePrimaries(), r.primariesPerHost()), f.contentsLost()));
            }
            return;
        }
        Map<String, List<FailureAnalysis.SingleFailure>> groups = new LinkedHashMap<>();
        r.singleFailures().stream()
                .sorted((a, b) -> a.busiestActivePrimaries() != b.busiestActivePrimaries()
                        ? Integer.compare(b.busiestActivePrimaries(), a.busiestActivePrimaries())
                        : Integer.compare(b.contentsLost(), a.contentsLost()))
                .forEach(f -> groups.computeIfAbsent(f.busiestActivePrimaries() + "/" + f.contentsLost(),
                        k -> new ArrayList<>()).add(f));
        sb.append(String.format(Locale.ROOT, "  %8s %7s %6s %8s  %s%n", "active", "load", "lost", "failures", "for example"));
        for (List<FailureAnalysis.SingleFailure> g : groups.values()) {
            FailureAnalysis.SingleFailure f = g.get(0);
            sb.append(String.format(Locale.ROOT, "  %8d %7s %6d %8d  %s fails, %s busiest%n", f.busiestActivePrimaries(),
                    load(f.busiestActivePrimaries(), r.primariesPerHost()), f.contentsLost(), g.size(), f.failedHost(),
                    f.busiestHost()));
        }
    }

    private static void renderPairs(StringBuilder sb, CheckReport r) {
        FailureAnalysis.PairSummary p = r.pairs();
        sb.append("\nTwo-host failures (").append(p.pairs()).append(" pairs): ").append(p.pairsLosingContent())
                .append(" pairs (").append(percent(p.pairsLosingContent(), p.pairs()))
                .append(") make a content unavailable");
        if (p.worstLossPair() != null) {
            sb.append("; at most ").append(p.maxContentsLostByOnePair()).append(" content")
                    .append(p.maxContentsLostByOnePair() == 1 ? "" : "s").append(" lost (").append(p.worstLossPair()).append(')');
        }
        sb.append('\n');
        sb.append("  busiest surviving host after a pair fails: up to ").append(p.worstBusiestActive())
                .append(" active primaries (load ").append(load(p.worstBusiestActive(), r.primariesPerHost())).append(", ")
                .append(p.worstBusiestPair()).append(")\n");
        sb.append(String.format(Locale.ROOT, "  %8s %7s %10s%n", "active", "load", "pairs"));
        p.busiestHistogram().forEach((active, count) -> sb.append(String.format(Locale.ROOT, "  %8d %7s %10d%n", active,
                load(active, r.primariesPerHost()), count)));
    }

    private static void renderScenario(StringBuilder sb, CheckReport r) {
        FailureAnalysis.Scenario s = r.scenario();
        sb.append("\nIf ").append(String.join(", ", s.failedHosts())).append(" fail: ");
        if (s.lostContents().isEmpty()) {
            sb.append("every content stays available");
        } else {
            List<Integer> shown = s.lostContents().subList(0, Math.min(20, s.lostContents().size()));
            sb.append(s.lostContents().size()).append(" content").append(s.lostContents().size() == 1 ? "" : "s")
                    .append(" unavailable ").append(shown).append(s.lostContents().size() > 20 ? " ..." : "");
        }
        sb.append("; busiest surviving host ").append(s.busiestHost()).append(" with ").append(s.busiestActivePrimaries())
                .append(" active primaries (load ").append(load(s.busiestActivePrimaries(), r.primariesPerHost())).append(")\n");
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
