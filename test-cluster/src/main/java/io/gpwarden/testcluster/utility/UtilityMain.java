package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.cluster.ClusterAccess;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point of the wrapper scripts in the cluster's {@code bin/}:
 * {@code UtilityMain <cluster-dir> <utility> [options...]}. Parses the utility's options the way
 * its Greenplum original takes them (short options may be clustered: {@code -aF}), runs it and
 * exits with its exit code. Usage errors exit 2; an unexpected error is reported the way
 * gppylib's main does ({@code <utility> failed. (Reason='...') exiting...}) and exits 2.
 */
public final class UtilityMain {
    private static final Map<String, Supplier<Utility>> UTILITIES = Map.of(
            "gpstate", GpState::new,
            "gpactivatestandby", GpActivateStandby::new,
            "gprecoverseg", GpRecoverSeg::new,
            "gpmovemirrors", GpMoveMirrors::new,
            "gpaddmirrors", GpAddMirrors::new,
            "gpinitstandby", GpInitStandby::new);

    private UtilityMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length < 2 || !UTILITIES.containsKey(args[1])) {
            System.err.println("usage: UtilityMain <cluster-dir> <" + String.join("|", UTILITIES.keySet()) + "> [options]");
            return 2;
        }
        String name = args[1];
        String[] options = Arrays.copyOfRange(args, 2, args.length);
        Utility utility = UTILITIES.get(name).get();
        CommandLine cl = new CommandLine(utility);
        cl.setPosixClusteredShortOptionsAllowed(true);
        try {
            cl.parseArgs(options);
        } catch (CommandLine.ParameterException e) {
            System.err.println(name + ": error: " + e.getMessage());
            cl.usage(System.err);
            return 2;
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(System.out);
            return 0;
        }
        UtilityContext ctx;
        try {
            ctx = UtilityContext.create(ClusterAccess.open(Path.of(args[0])), name, System.getenv());
        } catch (Exception e) {
            System.err.println(name + ": cannot open the test cluster in " + args[0] + ": " + e.getMessage());
            return 2;
        }
        ctx.log().debug("Starting " + name + " with args: " + String.join(" ", options));
        try {
            return utility.run(ctx);
        } catch (UtilityFailure f) {
            ctx.log().error(f.getMessage());
            return f.exitCode();
        } catch (Exception e) {
            ctx.log().fatal(name + " failed. (Reason='" + e.getMessage() + "') exiting...");
            return 2;
        }
    }
}
