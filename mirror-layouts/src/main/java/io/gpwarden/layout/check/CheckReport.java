package io.gpwarden.layout.check;

import java.util.List;

/**
 * Everything {@code layout check} says about a layout: its size, the strategy it follows (and whether
 * that is the expected one), the broken invariants, warnings that do not break the layout (segments
 * down or out of their preferred roles), and the failure what-ifs.
 *
 * @param expected          the expected strategy as asked ("spread", "block of size 4"), or null
 * @param expectedMismatch  why the layout is not the expected strategy, or null when it is (or none was asked)
 * @param pairs             null when the all-pairs what-if was not asked for
 * @param scenario          null when no specific failure set was asked for
 */
public record CheckReport(int hosts, int contents, int primariesPerHost, LayoutShape shape, String expected,
                          String expectedMismatch, List<Violation> violations, List<String> warnings,
                          List<FailureAnalysis.SingleFailure> singleFailures, FailureAnalysis.PairSummary pairs,
                          FailureAnalysis.Scenario scenario) {
    public CheckReport {
        violations = List.copyOf(violations);
        warnings = List.copyOf(warnings);
        singleFailures = List.copyOf(singleFailures);
    }

    /** True when no invariant is broken and the expected strategy (if any) matches. */
    public boolean passed() {
        return violations.isEmpty() && expectedMismatch == null;
    }

    /** The worst single-host failure (most active primaries on one surviving host), or null without hosts. */
    public FailureAnalysis.SingleFailure worstSingleFailure() {
        FailureAnalysis.SingleFailure worst = null;
        for (FailureAnalysis.SingleFailure f : singleFailures) {
            if (worst == null || f.busiestActivePrimaries() > worst.busiestActivePrimaries()
                    || (f.busiestActivePrimaries() == worst.busiestActivePrimaries() && f.contentsLost() > worst.contentsLost())) {
                worst = f;
            }
        }
        return worst;
    }
}
