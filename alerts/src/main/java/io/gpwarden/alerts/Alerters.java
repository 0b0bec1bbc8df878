package io.gpwarden.alerts;

import io.gpwarden.alerts.config.ChannelConfig;
import io.gpwarden.alerts.config.MailChannelConfig;
import io.gpwarden.alerts.config.SnmpChannelConfig;
import io.gpwarden.alerts.delivery.Alerter;
import io.gpwarden.alerts.mail.MailAlerter;
import io.gpwarden.alerts.snmp.SnmpAlerter;
import io.gpwarden.alerts.template.MessageTemplates;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/** Builds the real alerter of a channel from its configuration: SNMP or mail. */
public final class Alerters {

    private Alerters() {
    }

    /**
     * @param clusterName goes into subjects and varbinds
     * @param templates   {@link MessageTemplates#builtIn()} or an operator's directory
     * @param startedAt   process start, for {@code sysUpTime.0}
     */
    public static Function<ChannelConfig, Alerter> real(String clusterName, MessageTemplates templates, Clock clock,
                                                        Instant startedAt) {
        return channel -> {
            if (channel instanceof SnmpChannelConfig snmp) {
                return new SnmpAlerter(snmp, clusterName, clock, startedAt);
            }
            return new MailAlerter((MailChannelConfig) channel, clusterName, templates);
        };
    }

    /**
     * The notification {@code gpwarden alerts test --channel NAME} sends: a NOTICE of kind TEST,
     * outside any incident, outbox and rate limit. Deliver it synchronously with the channel's
     * alerter to tell the operator at once whether the channel works.
     */
    public static Notification testNotification(String channel, Clock clock) {
        Instant now = clock.instant();
        Incident incident = Incident.open("test-" + new io.gpwarden.alerts.incident.IncidentIds(clock).get(),
                Event.builder(EventKind.TEST, "test/" + channel)
                        .summary("test notification on channel " + channel)
                        .nextStep("nothing: this is a test")
                        .build(), now);
        return Notification.of(channel, Transition.NOTICE, 1, incident, now);
    }
}
