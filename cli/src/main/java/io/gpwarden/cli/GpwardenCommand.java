package io.gpwarden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the command tree. Each module contributes its own subcommands; this class only
 * assembles them and fixes the exit-code convention shared by every command.
 */
@Command(name = "gpwarden",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps Greenplum clusters available and keeps Kafka data flowing into them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:failure (for status: degraded)",
            "2:usage or configuration error",
            "3:unreachable (status only)"},
        subcommands = {
            CommandLine.HelpCommand.class,
            io.gpwarden.cli.layout.LayoutCommand.class,
            io.gpwarden.testcluster.cli.TestClusterCommand.class,
            io.gpwarden.cli.controller.ControllerCommand.class,
            io.gpwarden.cli.controller.StatusCommand.class,
            io.gpwarden.cli.controller.AlertsCommand.class,
            io.gpwarden.cli.agent.LoadCommand.class, io.gpwarden.cli.agent.AgentCommand.class,
        })
public final class GpwardenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The configured command line: usage errors exit 2, failures exit 1. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GpwardenCommand());
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        return cl;
    }
}
