package io.gpwarden.cli.controller;

import io.gpwarden.alerts.Alerters;
import io.gpwarden.alerts.config.AlertsConfig;
import io.gpwarden.alerts.config.ChannelConfig;
import io.gpwarden.alerts.delivery.Alerter;
import io.gpwarden.alerts.delivery.DeliveryException;
import io.gpwarden.alerts.delivery.DeliveryReceipt;
import io.gpwarden.alerts.template.MessageTemplates;
import io.gpwarden.cli.ExitCodes;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.controller.config.AlertsSectionReader;
import io.gpwarden.controller.config.ControllerConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpwarden alerts test --channel NAME}: sends one test notification over one channel, at
 * once and outside any incident, and says whether the receiver took it: an INFORM acknowledged,
 * an SMTP 250, or a TRAP handed to the network (which nobody confirms).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Sends a test notification over one channel and reports whether the receiver accepted it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:delivered", "1:the receiver could not be reached or refused it",
                "2:configuration error (unknown channel, bad credentials or keys)"})
public final class AlertsTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "The channel, as named under alerts.channels.")
    String channel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ControllerConfig> cfg = config.read(err);
        if (cfg.isEmpty()) {
            return ExitCodes.USAGE;
        }
        if (cfg.get().alerts().isEmpty()) {
            err.println("gpwarden: " + config.file + " has no 'alerts' section, so there is no channel to test");
            return ExitCodes.USAGE;
        }
        String cluster = cfg.get().cluster().name();
        ConfigProblems problems = new ConfigProblems();
        AlertsConfig alerts = AlertsSectionReader.read(cfg.get().alerts().get(), cluster,
                AlertsSectionReader.Secrets.RESOLVE, problems);
        if (!problems.isEmpty()) {
            problems.list().forEach(p -> err.println("gpwarden: " + p));
            return ExitCodes.USAGE;
        }
        ChannelConfig channelConfig = alerts.channels().get(channel);
        if (channelConfig == null) {
            err.println("gpwarden: unknown channel '" + channel + "'; defined: " + String.join(", ", alerts.channels().keySet()));
            return ExitCodes.USAGE;
        }
        Clock clock = Clock.systemUTC();
        try (Alerter alerter = Alerters.real(cluster, MessageTemplates.builtIn(), clock, clock.instant()).apply(channelConfig)) {
            DeliveryReceipt receipt = alerter.deliver(Alerters.testNotification(channel, clock));
            out.println("channel " + channel + ": " + (receipt.acknowledged() ? "delivered and acknowledged"
                    : "sent, not acknowledged (" + receipt.detail() + ")"));
            return ExitCodes.OK;
        } catch (DeliveryException e) {
            err.println("gpwarden: channel " + channel + ": " + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " failure: " + e.getMessage());
            return e.kind() == DeliveryException.Kind.CONFIGURATION ? ExitCodes.USAGE : ExitCodes.FAILURE;
        }
    }
}
