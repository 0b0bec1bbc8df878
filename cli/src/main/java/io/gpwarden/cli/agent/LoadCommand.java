package io.gpwarden.cli.agent;

import io.gpwarden.agent.job.JobFiles;
import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.pipeline.IngestPipeline;
import io.gpwarden.agent.pipeline.PipelineOptions;
import io.gpwarden.agent.runner.JobRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gpwarden load JOB.yaml}: gpkafka load's equivalent, exactly once. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load a Kafka topic into a Greenplum table as a GPSS job file (version 2 or 3) describes, "
                + "exactly once: each batch's rows and offsets commit in one transaction.",
            "Runs until stopped (Ctrl-C), or with --quit-at-eof until every partition is loaded to its end."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:the job stopped with status Error (ERROR_LIMIT, missing table, ...)",
            "2:the job file is not valid"})
public final class LoadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB.yaml", description = "GPSS load configuration file")
    Path jobFile;

    @Option(names = "--quit-at-eof", description = "stop once every partition is loaded up to its end")
    boolean quitAtEof;

    @ArgGroup(exclusive = true)
    ResetOption reset;

    @Mixin
    JobOptions common;

    static final class ResetOption {
        @Option(names = "--force-reset-earliest", required = true,
                description = "start every partition at the earliest offset Kafka holds (reloads what is there)")
        boolean earliest;

        @Option(names = "--force-reset-latest", required = true,
                description = "start every partition at its end (skips what is there)")
        boolean latest;
    }

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
        PipelineOptions options = PipelineOptions.defaults(job.schedule().retryInterval())
                .withQuitAtEof(quitAtEof)
                .withForceReset(reset == null ? Optional.empty()
                        : Optional.of(reset.earliest ? PipelineOptions.Reset.EARLIEST : PipelineOptions.Reset.LATEST));
        IngestPipeline.Result r = JobRunner.run(job, options, common.metricsAddress(), common.progress(), System.out);
        return JobOptions.report(r);
    }
}
