package io.gpwarden.cli.layout;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.plan.Strategy;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Shared frame of the layout commands: common flags, the parent (for the clock), and the error
 * convention. An input or request the engine refuses prints one "error:" line and exits 2; a source
 * that cannot be read or an output that cannot be written exits 1. Nothing is written on error.
 */
abstract class LayoutSubcommand implements Callable<Integer> {
    @CommandLine.Mixin
    LayoutOptions options;

    @CommandLine.ParentCommand
    LayoutCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Does the work; returns the exit code. */
    abstract int execute();

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (IllegalArgumentException e) {
            // LayoutException and every other refusal of the input: one line, exit 2.
            err().println("gpwarden layout " + spec.name() + ": error: " + e.getMessage());
            err().flush();
            return ExitCodes.USAGE;
        } catch (UncheckedIOException e) {
            err().println("gpwarden layout " + spec.name() + ": " + e.getMessage());
            err().flush();
            return ExitCodes.FAILURE;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints the primary output (a file's content or a report) to --out, or standard output. */
    void emit(String content) {
        if (options.out != null) {
            new OutputFiles().add(options.out, content).writeAll();
        } else {
            out().print(content);
            out().flush();
        }
    }

    /** A summary for the operator: standard error when the file goes to standard output, else standard output. */
    PrintWriter summary() {
        return options.out == null ? err() : out();
    }

    static Strategy strategy(String s) {
        return Strategy.parse(s);
    }

    static void requireBlockSize(Strategy strategy, Integer blockSize, String flag) {
        if (strategy == Strategy.BLOCK && blockSize == null) {
            throw new LayoutException(flag + " block needs --block-size B (the number of hosts per block, e.g. 4)");
        }
        if (strategy != Strategy.BLOCK && blockSize != null) {
            throw new LayoutException("--block-size applies to block only");
        }
    }
}
