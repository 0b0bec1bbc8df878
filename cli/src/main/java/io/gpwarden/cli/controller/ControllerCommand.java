package io.gpwarden.cli.controller;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gpwarden controller ...}: runs the controller. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Runs the controller that watches a cluster and alerts on-call.",
        subcommands = {ControllerRunCommand.class})
public final class ControllerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: run");
    }
}
