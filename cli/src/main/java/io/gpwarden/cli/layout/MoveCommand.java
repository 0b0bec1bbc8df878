package io.gpwarden.cli.layout;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.io.ClusterSource;
import io.gpwarden.layout.io.JsonReports;
import io.gpwarden.layout.io.MoveMirrorsFile;
import io.gpwarden.layout.io.Sizes;
import io.gpwarden.layout.move.HostSpace;
import io.gpwarden.layout.move.MovePlan;
import io.gpwarden.layout.move.MovePlanner;
import io.gpwarden.layout.move.MoveRequest;
import io.gpwarden.layout.plan.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code gpwarden layout move}: the fewest mirror moves to a strategy, as a gpmovemirrors file and its backout. */
@Command(name = "move", mixinStandardHelpOptions = true,
        description = {"Writes the gpmovemirrors -i file with the fewest mirror moves that reach a valid layout of the"
                + " target strategy (mirrors that may stay, stay), and the backout file gpmovemirrors would write"
                + " (<out>_backout_<mmddyyHHMMSS>). Prints the move count and the space each target host needs, and"
                + " refuses a move onto a host whose free space (gp_disk_free) cannot hold it.",
            "GP6/7 lines: old_address|port|data_dir new_address|port|data_dir. --gp-version 5: filespaceOrder= format."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:files written", "1:input could not be read or output written",
            "2:impossible request, bad input or not enough space (nothing written)"})
final class MoveCommand extends LayoutSubcommand {
    @Option(names = "--to", required = true, paramLabel = "group|spread|block", description = "Target strategy.")
    String to;

    @Option(names = "--block-size", paramLabel = "B", description = "Hosts per block (block only).")
    Integer blockSize;

    @Override
    int execute() {
        Strategy target = strategy(to);
        requireBlockSize(target, blockSize, "--to");
        ClusterSource.Input input = options.readInput();
        MovePlan plan = new MovePlanner().plan(input.cluster(), new MoveRequest(target, blockSize == null ? 0 : blockSize,
                options.mirrorDirs, options.mirrorPortOffset), input.disk());
        String file = MoveMirrorsFile.render(plan, options.version());
        String backout = MoveMirrorsFile.renderBackout(plan, options.version());
        CheckReport after = LayoutCheck.check(plan.result(), new CheckOptions(false, List.of(), target,
                blockSize == null ? 0 : blockSize));
        if (plan.moves().isEmpty()) {
            // gpmovemirrors has nothing to do with an empty file; writing one would only invite running it.
            summary().println("The layout is already " + after.shape().describe() + ": no mirror needs to move; no file written.");
            summary().flush();
            return ExitCodes.OK;
        }
        Path backoutPath = null;
        if (options.out != null) {
            backoutPath = Path.of(MoveMirrorsFile.backoutName(options.out.toString(), ZonedDateTime.now(parent.clock())));
            new OutputFiles().add(options.out, file).add(backoutPath, backout).writeAll();
        } else {
            out().print(file);
            out().flush();
        }
        if (options.json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("moves", plan.moves().size());
            summary.put("mirrorsStaying", plan.mirrorsStaying());
            summary.put("strategyAfter", after.shape().describe());
            summary.put("violationsAfter", after.violations().size());
            summary.put("file", options.out == null ? null : options.out.toString());
            summary.put("backoutFile", backoutPath == null ? null : backoutPath.toString());
            summary.put("space", plan.space());
            summary.put("notes", notes(plan, input));
            summary().print(JsonReports.render(summary));
        } else {
            summary().print(text(plan, after, backoutPath, input));
        }
        summary().flush();
        return ExitCodes.OK;
    }

    private List<String> notes(MovePlan plan, ClusterSource.Input input) {
        List<String> notes = new ArrayList<>(plan.notes());
        notes.addAll(input.notes());
        if (options.out == null) {
            notes.add("the backout file was not written: give --out FILE to write FILE and its backout");
        }
        return notes;
    }

    private String text(MovePlan plan, CheckReport after, Path backoutPath, ClusterSource.Input input) {
        StringBuilder sb = new StringBuilder();
        sb.append(plan.moves().size()).append(" mirror move").append(plan.moves().size() == 1 ? "" : "s").append(" reach ")
                .append(after.shape().describe()).append(" (").append(plan.mirrorsStaying()).append(" of ")
                .append(plan.result().contentCount()).append(" mirrors stay); ").append(after.violations().size())
                .append(" violations after the move.\n");
        if (options.out != null) {
            sb.append("Wrote ").append(options.out).append(" and its backout ").append(backoutPath).append('\n');
        }
        if (!plan.space().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%-20s %8s %14s %14s%n", "target host", "mirrors", "space needed", "free"));
            for (HostSpace s : plan.space()) {
                sb.append(String.format(Locale.ROOT, "%-20s %8d %14s %14s%n", s.host(), s.arriving(),
                        s.bytesNeeded() == null ? "unknown" : Sizes.human(s.bytesNeeded()),
                        s.freeBytes() == null ? "unknown" : Sizes.human(s.freeBytes())));
            }
        }
        for (String note : notes(plan, input)) {
            sb.append("Note: ").append(note).append('\n');
        }
        if (plan.space().stream().anyMatch(s -> s.bytesNeeded() == null)) {
            sb.append("Note: mirror sizes are unknown; give --mirror-size or --segment-sizes to have the space checked\n");
        }
        return sb.toString();
    }
}
