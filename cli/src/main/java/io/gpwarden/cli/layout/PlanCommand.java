package io.gpwarden.cli.layout;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.io.AddMirrorsFile;
import io.gpwarden.layout.io.ClusterSource;
import io.gpwarden.layout.io.JsonReports;
import io.gpwarden.layout.plan.MirrorPlan;
import io.gpwarden.layout.plan.MirrorPlanner;
import io.gpwarden.layout.plan.MirrorPolicy;
import io.gpwarden.layout.plan.PlacementRules;
import io.gpwarden.layout.plan.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gpwarden layout plan}: the gpaddmirrors -i file for a cluster without mirrors. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Writes the gpaddmirrors -i file that adds mirrors with the chosen strategy.",
            "Group and spread equal what gpaddmirrors computes itself (hosts sorted as strings, port = target host's"
                + " lowest primary port + j + offset, directory = mirror-dirs[j]/<prefix><content>); block follows the"
                + " documented chunking over hosts in natural order. --rules gpinitsystem gives each mirror its primary's"
                + " port + offset and mirror-dirs[k] instead.",
            "GP6/7 lines: contentID|address|port|data_dir. --gp-version 5: filespaceOrder= and mirror<i>=... lines."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:file written", "1:input could not be read or output written", "2:impossible request or bad input (nothing written)"})
final class PlanCommand extends LayoutSubcommand {
    @Option(names = "--strategy", required = true, paramLabel = "group|spread|block", description = "Mirroring strategy.")
    String strategy;

    @Option(names = "--block-size", paramLabel = "B", description = "Hosts per block (block only); must divide the hosts.")
    Integer blockSize;

    @Option(names = "--rules", paramLabel = "gpaddmirrors|gpinitsystem", defaultValue = "gpaddmirrors",
            description = "Whose port and directory rules to follow (default ${DEFAULT-VALUE}).")
    String rules;

    @Override
    int execute() {
        Strategy s = strategy(strategy);
        requireBlockSize(s, blockSize, "--strategy");
        PlacementRules r = switch (rules) {
            case "gpaddmirrors" -> PlacementRules.GPADDMIRRORS;
            case "gpinitsystem" -> PlacementRules.GPINITSYSTEM;
            default -> throw new LayoutException("--rules " + rules + ": use gpaddmirrors or gpinitsystem");
        };
        ClusterSource.Input input = options.readInput();
        MirrorPlan plan = new MirrorPlanner().plan(input.cluster(), new MirrorPolicy(s, blockSize == null ? 0 : blockSize,
                options.mirrorDirs, options.mirrorPortOffset, r));
        String file = AddMirrorsFile.render(plan, options.version());
        CheckReport after = LayoutCheck.check(plan.result(), new CheckOptions(false, List.of(), s,
                blockSize == null ? 0 : blockSize));
        if (!after.passed()) {
            // The plan was validated already; a failing check here would be a planner bug worth stopping for.
            throw new IllegalStateException("planned layout fails its own check: " + after.violations() + " "
                    + after.expectedMismatch());
        }
        emit(file);
        if (options.json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("mirrors", plan.mirrors().size());
            summary.put("strategy", after.shape().describe());
            summary.put("rules", r.label());
            summary.put("worstSingleFailureActivePrimaries", after.worstSingleFailure().busiestActivePrimaries());
            summary.put("notes", plan.notes());
            summary().print(JsonReports.render(summary));
        } else {
            summary().println("Planned " + plan.mirrors().size() + " mirrors: " + after.shape().describe() + " ("
                    + r.label() + " rules), 0 violations; after any single host failure the busiest host runs "
                    + after.worstSingleFailure().busiestActivePrimaries() + " primaries instead of "
                    + after.primariesPerHost() + (options.out == null ? "" : ". Wrote " + options.out));
            for (String note : plan.notes()) {
                summary().println("Note: " + note);
            }
        }
        summary().flush();
        return ExitCodes.OK;
    }
}
