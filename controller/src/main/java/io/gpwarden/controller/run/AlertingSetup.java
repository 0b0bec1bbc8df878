package io.gpwarden.controller.run;

import io.gpwarden.alerts.Alerters;
import io.gpwarden.alerts.Alerting;
import io.gpwarden.alerts.config.AlertsConfig;
import io.gpwarden.alerts.outbox.FileOutbox;
import io.gpwarden.alerts.template.MessageTemplates;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.controller.config.AlertsSectionReader;
import io.gpwarden.controller.config.ControllerConfig;
import java.time.Clock;
import java.time.Instant;

/**
 * Starts the alerts module for a controller: resolves the channel secrets (variables must be set,
 * files mode 0600), opens the outbox in the state directory (resuming whatever a previous run
 * left undelivered) and builds the real SNMP and mail alerters.
 */
public final class AlertingSetup {
    private AlertingSetup() {
    }

    /**
     * The incident reporter for {@code config}: {@link IncidentReporter#NONE} without an alerts
     * section. Throws {@link io.gpwarden.config.ConfigException} when a secret cannot be resolved.
     */
    public static IncidentReporter start(ControllerConfig config, Clock clock, Instant startedAt) {
        if (config.alerts().isEmpty()) {
            return IncidentReporter.NONE;
        }
        String cluster = config.cluster().name();
        ConfigProblems problems = new ConfigProblems();
        AlertsConfig alerts = AlertsSectionReader.read(config.alerts().get(), cluster,
                AlertsSectionReader.Secrets.RESOLVE, problems);
        problems.throwIfAny();
        FileOutbox outbox = FileOutbox.open(config.stateDirectory());
        Alerting alerting = Alerting.start(alerts, outbox,
                Alerters.real(cluster, MessageTemplates.builtIn(), clock, startedAt), clock);
        return new AlertingIncidents(alerting);
    }
}
