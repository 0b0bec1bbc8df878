package io.gpwarden.cli.agent;

import io.gpwarden.agent.job.JobFiles;
import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.pipeline.IngestPipeline;
import io.gpwarden.agent.pipeline.PipelineOptions;
import io.gpwarden.agent.runner.JobRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gpwarden agent ...}: the long-running ingest agent. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The ingest agent: runs load jobs continuously.",
        subcommands = {AgentCommand.Run.class})
public final class AgentCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (run)");
    }

    /** {@code gpwarden agent run --job JOB.yaml}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run one load job continuously until stopped (SIGTERM, Ctrl-C), riding through database "
                    + "and Kafka restarts; stops only on a configuration problem or ERROR_LIMIT."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:stopped cleanly", "1:the job stopped with status Error", "2:the job file is not valid"})
    public static final class Run implements Callable<Integer> {
        @Option(names = "--job", required = true, paramLabel = "JOB.yaml", description = "GPSS load configuration file")
        Path jobFile;

        @Mixin
        JobOptions common;

        @Override
        public Integer call() throws Exception {
            JobSpec job;
            try {
                job = common.named(JobFiles.load(jobFile));
                common.metricsAddress();
            } catch (IllegalArgumentException e) {
                System.err.println("gpwarden: " + e.getMessage());
                return 2;
            }
            IngestPipeline.Result r = JobRunner.run(job, PipelineOptions.defaults(job.schedule().retryInterval()),
                    common.metricsAddress(), common.progress(), System.out);
            return JobOptions.report(r);
        }
    }
}
