package io.gpwarden.testcluster.utility;

import picocli.CommandLine.Option;

/**
 * A utility with the options gppylib gives gpstate, gprecoverseg and gpaddmirrors alike:
 * {@code -d} (coordinator data directory), {@code -l} (log directory), {@code -q}, {@code -v},
 * {@code -h}. Only {@code -q} changes anything here (it silences the console copy of the log);
 * the others are accepted because scripts pass them: the utilities find the acting coordinator
 * themselves and always log to the cluster's {@code logs/gpAdminLogs}.
 *
 * <p>{@link #ctx} and {@link #log} are set before {@link #execute} runs, for the subclass's helpers.
 */
abstract class GppylibUtility implements Utility {
    @Option(names = {"-d", "--coordinator_data_directory", "--master_data_directory"},
            paramLabel = "<coordinator data directory>") String coordinatorDir;
    @Option(names = "-l", paramLabel = "<logfile directory>") String logDir;
    @Option(names = "-q", description = "quiet") boolean quiet;
    @Option(names = {"-v", "--verbose"}) boolean verbose;
    @Option(names = {"-h", "-?", "--help"}, usageHelp = true) boolean help;

    UtilityContext ctx;
    GpLog log;

    @Override
    public final int run(UtilityContext context) throws Exception {
        this.ctx = context;
        this.log = context.log();
        log.quiet(quiet);
        return execute();
    }

    /** The utility's work; returns the exit code Greenplum's would, or throws {@link UtilityFailure}. */
    abstract int execute() throws Exception;
}
