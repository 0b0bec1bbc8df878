package io.gpwarden.cli.controller;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gpwarden alerts ...}: works with the alert channels of controller.yaml. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Works with the alert channels configured in controller.yaml.",
        subcommands = {AlertsTestCommand.class})
public final class AlertsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: test");
    }
}
