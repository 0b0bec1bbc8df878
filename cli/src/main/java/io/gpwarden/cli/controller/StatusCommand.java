package io.gpwarden.cli.controller;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.config.ConfigException;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.decide.ClusterHealth;
import io.gpwarden.controller.status.ClusterStatus;
import io.gpwarden.controller.status.DirectStatus;
import io.gpwarden.controller.status.StatusJson;
import io.gpwarden.controller.status.StatusText;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpwarden status}: the cluster at a glance, read directly from the catalog and by probing,
 * with or without a running controller. The exit code is for scripts: 0 healthy, 1 degraded,
 * 2 configuration problem (including a rejected login), 3 coordinator unreachable.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the cluster like gpstate -e and -f together: down segments, pairs out of sync or"
                + " not in preferred role, the standby's replication, disk use per host, and open incidents"
                + " (from a running controller's endpoint or state file). Works without a controller.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy", "1:degraded", "2:usage or configuration error (including a rejected login)",
                "3:coordinator unreachable, or nothing could be read"})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the status as JSON (the same document as the controller's /status).")
    boolean json;

    @Option(names = "--watch", description = "Redraw every --interval until interrupted.")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS",
            description = "Seconds between redraws with --watch (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--no-disk", description = "Skip gp_toolkit.gp_disk_free (it runs df on every host), and the"
            + " hosts' df over SSH.")
    boolean noDisk;

    @Option(names = "--iterations", hidden = true, defaultValue = "0",
            description = "Stop --watch after this many redraws (0: never).")
    int iterations;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ControllerConfig> cfg = config.read(err);
        if (cfg.isEmpty()) {
            return ExitCodes.USAGE;
        }
        if (intervalSeconds < 0.2) {
            err.println("gpwarden: --interval must be at least 0.2 seconds");
            return ExitCodes.USAGE;
        }
        int code;
        int drawn = 0;
        do {
            DirectStatus.Readout readout;
            try {
                readout = DirectStatus.read(cfg.get(), !noDisk, Clock.systemUTC());
            } catch (ConfigException e) {
                err.println("gpwarden: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            ClusterStatus status = withIncidents(cfg.get(), readout.status());
            if (watch && !json) {
                out.print("\033[H\033[2J");
            }
            out.print(json ? StatusJson.write(status) + "\n" : StatusText.render(status));
            out.flush();
            code = exitCode(readout);
            drawn++;
            if (watch && (iterations == 0 || drawn < iterations)) {
                Thread.sleep(Math.round(intervalSeconds * 1000));
            }
        } while (watch && (iterations == 0 || drawn < iterations));
        return code;
    }

    private static ClusterStatus withIncidents(ControllerConfig cfg, ClusterStatus direct) {
        Optional<ClusterStatus> live = DirectStatus.fromController(cfg, Duration.ofSeconds(1));
        if (live.isPresent()) {
            return direct.withIncidents(live.get().incidents(),
                    "controller at " + DirectStatus.controllerEndpoint(cfg).orElse("?"));
        }
        return DirectStatus.fromStateFile(cfg)
                .map(s -> direct.withIncidents(s.incidents(), "controller state file written " + s.at()))
                .orElse(direct);
    }

    static int exitCode(DirectStatus.Readout readout) {
        boolean misconfigured = readout.observation().catalog().failure()
                .map(f -> f.reachability().isConfigurationProblem()).orElse(false);
        if (misconfigured) {
            return ExitCodes.USAGE;
        }
        ClusterHealth h = readout.decision().health();
        return switch (h) {
            case HEALTHY -> ExitCodes.OK;
            case DEGRADED -> ExitCodes.FAILURE;
            case UNREACHABLE, UNKNOWN -> ExitCodes.UNREACHABLE;
        };
    }
}
