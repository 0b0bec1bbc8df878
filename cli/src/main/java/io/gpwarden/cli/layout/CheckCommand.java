package io.gpwarden.cli.layout;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.io.CheckReportText;
import io.gpwarden.layout.io.ClusterSource;
import io.gpwarden.layout.io.JsonReports;
import io.gpwarden.layout.plan.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code gpwarden layout check}: invariants, strategy, and failure what-ifs. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks a layout: one mirror per content, never on its primary's host, balanced hosts, no port or"
                + " directory clash. Names the strategy (group, spread, block of size B, custom) and prints what-ifs:"
                + " every single-host failure (busiest host's active primaries and load) and, over all pairs of host"
                + " failures, how many pairs make a content unavailable."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all invariants hold (and the expected strategy matches)", "1:violations, or not the expected strategy",
            "2:bad input"})
final class CheckCommand extends LayoutSubcommand {
    @Option(names = "--fail", paramLabel = "HOST", split = ",", description = "Answer for this set of failed hosts, e.g. sdw3,sdw7.")
    List<String> fail = new ArrayList<>();

    @Option(names = "--expect", paramLabel = "group|spread|block", description = "Fail (exit 1) unless the layout is this strategy.")
    String expect;

    @Option(names = "--block-size", paramLabel = "B", description = "Block size for --expect block.")
    Integer blockSize;

    @Option(names = "--no-pairs", description = "Skip the all-pairs what-if (it is O(hosts² × primaries)).")
    boolean noPairs;

    @Override
    int execute() {
        Strategy expected = expect == null ? null : strategy(expect);
        if (expected != null) {
            requireBlockSize(expected, blockSize, "--expect");
        }
        ClusterSource.Input input = options.readInput();
        CheckReport report = LayoutCheck.check(input.cluster(), new CheckOptions(!noPairs, fail, expected,
                blockSize == null ? 0 : blockSize));
        // Notes about disk space and sizes concern moves only; a check does not use them.
        emit(options.json ? JsonReports.renderCheck(report) : CheckReportText.render(report));
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
