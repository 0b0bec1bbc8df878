package io.gpwarden.cli.layout;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.Clock;

/**
 * {@code gpwarden layout}: plan, check, move, expand and draw mirror layouts. The engine
 * (io.gpwarden.layout) decides; these commands read inputs, call it, and write Greenplum's files.
 */
@Command(name = "layout",
        mixinStandardHelpOptions = true,
        description = "Plan, check, move and expand Greenplum mirror layouts (group, spread, block).",
        subcommands = {
            PlanCommand.class,
            CheckCommand.class,
            MoveCommand.class,
            ExpandCommand.class,
            ShowCommand.class,
            BenchCommand.class,
        })
public final class LayoutCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    public LayoutCommand() {
        this(Clock.systemDefaultZone());
    }

    /** For tests: the clock names the backout file gpmovemirrors would write. */
    public LayoutCommand(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a layout command is required: plan, check, move, expand, show or bench");
    }
}
