package io.gpwarden.testcluster.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the test-cluster subcommands: runs {@link #execute} and turns a usage or configuration
 * problem ({@link IllegalArgumentException}) into one clear line on stderr and exit code 2, and
 * any other failure into one line and exit code 1, instead of a stack trace.
 */
abstract class ClusterCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    @Spec
    CommandSpec spec;

    abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (IllegalArgumentException e) {
            err().println("gpwarden test-cluster " + spec.name() + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err().println("gpwarden test-cluster " + spec.name() + ": " + (e.getMessage() == null ? e : e.getMessage()));
            return FAILURE;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
