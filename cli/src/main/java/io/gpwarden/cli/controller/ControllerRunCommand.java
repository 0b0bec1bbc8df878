package io.gpwarden.cli.controller;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.config.ConfigException;
import io.gpwarden.controller.run.AlertingSetup;
import io.gpwarden.controller.run.ControllerDaemon;
import io.gpwarden.controller.run.IncidentReporter;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gpwarden controller run --config controller.yaml}: runs until SIGTERM or SIGINT, then
 * stops its schedules, its HTTP endpoint and its alert delivery in that order.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Probes the coordinator, the standby and every primary, polls the catalog and disk use,"
                + " raises and resolves incidents, and serves /status and /metrics. Runs until stopped.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal", "1:failure", "2:configuration error"})
public final class ControllerRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<ControllerConfig> cfg = config.read(err);
        if (cfg.isEmpty()) {
            return ExitCodes.USAGE;
        }
        Clock clock = Clock.systemUTC();
        IncidentReporter incidents;
        try {
            incidents = AlertingSetup.start(cfg.get(), clock, clock.instant());
        } catch (ConfigException e) {
            err.println("gpwarden: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        ControllerDaemon daemon;
        try {
            daemon = ControllerDaemon.start(cfg.get(), incidents, clock);
        } catch (ConfigException e) {
            // The ssh: section names a file that is missing, unreadable or too open.
            closeQuietly(incidents);
            err.println("gpwarden: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (java.net.BindException e) {
            closeQuietly(incidents);
            err.println("gpwarden: cannot listen on " + cfg.get().http().bind() + ":" + cfg.get().http().port()
                    + " (http.bind, http.port in " + config.file + "): " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            closeQuietly(incidents);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            daemon.close();
            closeQuietly(incidents);
            stopped.countDown();
        }, "gpwarden-controller-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return ExitCodes.OK;
    }

    private static void closeQuietly(IncidentReporter incidents) {
        if (incidents instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("gpwarden: stopping alert delivery: " + e);
            }
        }
    }
}
