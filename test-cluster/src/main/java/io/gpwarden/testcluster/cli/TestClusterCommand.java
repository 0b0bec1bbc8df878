package io.gpwarden.testcluster.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gpwarden test-cluster}: the Greenplum stand-in and its fault injection. */
@Command(name = "test-cluster", mixinStandardHelpOptions = true,
        description = "A Greenplum 6/7 stand-in made of real PostgreSQL servers, with SSH per host, the gp utilities, "
                + "FTS, and optional etcd and Kafka; plus fault injection. See docs/test-cluster.md.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, EnvCommand.class, KillCommand.class,
            StopHostCommand.class, StartHostCommand.class, DiskFillCommand.class})
public final class TestClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: up, down, status, env, kill, stop-host, start-host or disk-fill");
    }
}
