package io.gpwarden.cli.layout;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.check.LayoutShape;
import io.gpwarden.layout.expand.ExpansionPlanner;
import io.gpwarden.layout.io.ClusterSource;
import io.gpwarden.layout.io.ExpandFile;
import io.gpwarden.layout.io.HostsFile;
import io.gpwarden.layout.io.JsonReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gpwarden layout expand}: placement for new hosts with gpexpand's rules, as a gpexpand input file. */
@Command(name = "expand", mixinStandardHelpOptions = true,
        description = {"Places primaries and mirrors on new hosts the way gpexpand does (mirrors among the new hosts:"
                + " group needs 2 or more, spread more than primaries per host, block whole blocks) and writes the"
                + " gpexpand -i file: hostname|address|port|datadir|dbid|content|preferred_role.",
            "The strategy defaults to the one the cluster follows today."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:file written", "1:input could not be read or output written", "2:impossible request or bad input"})
final class ExpandCommand extends LayoutSubcommand {
    @Option(names = "--add-hosts", required = true, paramLabel = "FILE", description = "New host names, one per line.")
    Path addHosts;

    @Option(names = "--strategy", paramLabel = "group|spread|block|none", description = "Mirroring for the new hosts (default: today's).")
    String strategy;

    @Option(names = "--block-size", paramLabel = "B", description = "Hosts per block (default: today's block size).")
    Integer blockSize;

    @Override
    int execute() {
        List<String> hosts = HostsFile.parse(addHosts.toString(), LayoutOptions.readText(addHosts));
        ClusterSource.Input input = options.readInput();
        CheckReport before = LayoutCheck.check(input.cluster(), new CheckOptions(false, List.of(), null, 0));
        ExpansionPlanner.Mirroring mirroring = mirroring(before.shape());
        int b = blockSize != null ? blockSize : before.shape().blockSize();
        if (mirroring == ExpansionPlanner.Mirroring.BLOCK && b < 2) {
            throw new LayoutException("give --block-size B for block expansion");
        }
        ExpansionPlanner.Expansion expansion = new ExpansionPlanner().plan(input.cluster(), hosts, mirroring, b);
        String file = ExpandFile.render(expansion, options.version());
        CheckReport after = LayoutCheck.check(expansion.result(), new CheckOptions(false, List.of(), expansion.strategy(), b));
        emit(file);
        String shape = after.shape().describe();
        if (options.json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("newSegments", expansion.added().size());
            summary.put("strategyAfter", shape);
            summary.put("violationsAfter", after.violations().size());
            summary().print(JsonReports.render(summary));
        } else {
            summary().println(expansion.added().size() + " new segments on " + hosts.size() + " hosts; after expansion the"
                    + " layout is " + shape + " with " + after.violations().size() + " violations"
                    + (after.expectedMismatch() == null ? "" : " (" + after.expectedMismatch() + ")"));
        }
        summary().flush();
        return ExitCodes.OK;
    }

    private ExpansionPlanner.Mirroring mirroring(LayoutShape today) {
        String s = strategy;
        if (s == null) {
            s = today.name();
            if (s.equals("custom")) {
                throw new LayoutException("the cluster's layout is custom: give --strategy group, spread or block for the new hosts");
            }
        }
        return switch (s) {
            case "none" -> ExpansionPlanner.Mirroring.NONE;
            case "group" -> ExpansionPlanner.Mirroring.GROUP;
            case "spread" -> ExpansionPlanner.Mirroring.SPREAD;
            case "block" -> ExpansionPlanner.Mirroring.BLOCK;
            default -> throw new LayoutException("--strategy " + s + ": use group, spread, block or none");
        };
    }
}
