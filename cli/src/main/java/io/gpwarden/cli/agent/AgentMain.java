package io.gpwarden.cli.agent;

import picocli.CommandLine;

/**
 * Runs the agent's commands without the rest of gpwarden (tests start it as a child process to
 * kill it with -9; the gpwarden jar reaches the same commands through {@code gpwarden load} and
 * {@code gpwarden agent run}). Exit codes as everywhere: 0 ok, 1 failure, 2 usage or configuration.
 */
public final class AgentMain {
    private AgentMain() {
    }

    @CommandLine.Command(name = "gpwarden", mixinStandardHelpOptions = true,
            subcommands = {LoadCommand.class, AgentCommand.class})
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (load, agent)");
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Root());
        configure(cl);
        return cl.execute(args);
    }

    /** Configuration problems print their message (file:line: key: what) and exit 2, without a stack trace. */
    public static void configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                line.getErr().println("gpwarden: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException || t instanceof IllegalArgumentException ? 2 : 1);
    }
}
