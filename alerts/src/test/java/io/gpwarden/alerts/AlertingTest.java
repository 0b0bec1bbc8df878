package io.gpwarden.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.config.AlertsConfig;
import io.gpwarden.alerts.config.ChannelConfig;
import io.gpwarden.alerts.config.DeliveryPolicy;
import io.gpwarden.alerts.config.MailChannelConfig;
import io.gpwarden.alerts.config.RouteRule;
import io.gpwarden.alerts.config.SnmpChannelConfig;
import io.gpwarden.alerts.delivery.ChannelStatus;
import io.gpwarden.alerts.delivery.DeliveryException;
import io.gpwarden.alerts.delivery.RecordingAlerter;
import io.gpwarden.alerts.incident.IncidentPolicy;
import io.gpwarden.alerts.outbox.FileOutbox;
import io.gpwarden.config.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module boundary with fake alerters and a real file outbox: restarts, outages, breaker. */
class AlertingTest {

    @TempDir
    Path state;

    private final Map<String, RecordingAlerter> alerters = new HashMap<>();

    static AlertsConfig config() {
        Map<String, ChannelConfig> channels = new LinkedHashMap<>();
        channels.put("mail", new MailChannelConfig("mail", "smtp.example.org", 587, MailChannelConfig.MailSecurity.STARTTLS,
                null, null, "gpwarden@example.org", List.of("dba@example.org"), null, null, true, null, null));
        channels.put("nms", SnmpChannelConfig.v2c("nms", "nms.example.org", 162, Secret.of("public", "test"),
                SnmpChannelConfig.SnmpPdu.INFORM));
        return new AlertsConfig("prod", channels, List.of(new RouteRule(Set.of(), Severity.INFO, List.of("mail", "nms"))),
                new IncidentPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)), Map.of(), null,
                new DeliveryPolicy(Duration.ofMillis(10), Duration.ofMillis(40), 0.2, 3, Duration.ofMillis(150),
                        Duration.ofMillis(300)));
    }

    private Alerting start() {
        alerters.clear();
        return Alerting.start(config(), FileOutbox.open(state), c -> alerters.computeIfAbsent(c.name(),
                RecordingAlerter::new), Clock.systemUTC());
    }

    private List<String> segmentNotifications(String channel) {
        return alerters.get(channel).delivered().stream().filter(n -> n.incident().kind() == EventKind.SEGMENT_DOWN)
                .map(n -> n.transition() + " " + n.incident().id()).toList();
    }

    private static void awaitAllDelivered(Alerting alerting) throws InterruptedException {
        Fixtures.awaitAllDelivered(alerting, Duration.ofSeconds(10));
    }

    @Test
    void mailDownDuringAnIncidentDeliversOnceWhenItReturns() throws Exception {
        try (Alerting alerting = start()) {
            alerters.get("mail").failWith(DeliveryException.Kind.TRANSIENT);
            alerting.raise(Fixtures.segmentDown(3));
            assertThat(alerters.get("nms").awaitDelivered(1, Duration.ofSeconds(5))).isTrue();
            Thread.sleep(300);
            assertThat(alerters.get("mail").delivered()).isEmpty();
            assertThat(alerters.get("mail").attempts()).isGreaterThanOrEqualTo(3);
            assertThat(alerting.channels().get("mail").state()).isEqualTo(ChannelStatus.State.BREAKER_OPEN);

            alerters.get("mail").failWith(null);
            assertThat(alerters.get("mail").awaitDelivered(2, Duration.ofSeconds(5))).isTrue();
            awaitAllDelivered(alerting);
            // The segment-down OPENED, then the story of its own outage, opened and resolved.
            assertThat(alerters.get("mail").delivered()).extracting(n -> n.incident().kind() + " " + n.transition())
                    .containsExactly("SEGMENT_DOWN OPENED", "ALERT_CHANNEL_FAILING OPENED",
                            "ALERT_CHANNEL_FAILING RESOLVED");
            assertThat(alerters.get("nms").delivered()).extracting(n -> n.incident().kind() + " " + n.transition())
                    .containsExactly("SEGMENT_DOWN OPENED", "ALERT_CHANNEL_FAILING OPENED",
                            "ALERT_CHANNEL_FAILING RESOLVED");
            assertThat(alerting.channels().get("mail").state()).isEqualTo(ChannelStatus.State.HEALTHY);
            assertThat(alerting.undelivered()).isZero();
        }
    }

    @Test
    void aRestartNeitherLosesNorRepeatsNotifications() throws Exception {
        String incidentId;
        try (Alerting first = start()) {
            alerters.get("mail").failWith(DeliveryException.Kind.TRANSIENT);
            first.raise(Fixtures.segmentDown(3));
            assertThat(alerters.get("nms").awaitDelivered(1, Duration.ofSeconds(5))).isTrue();
            incidentId = first.incident("segment/dbid=3").orElseThrow().id();
        }
        try (Alerting second = start()) {
            assertThat(alerters.get("mail").awaitDelivered(1, Duration.ofSeconds(5))).isTrue();
            second.raise(Fixtures.segmentDown(3));
            second.clear("segment/dbid=3", "recovered");
            assertThat(alerters.get("mail").awaitDelivered(2, Duration.ofSeconds(5))).isTrue();
            assertThat(alerters.get("nms").awaitDelivered(1, Duration.ofSeconds(5))).isTrue();
            Thread.sleep(200);
            awaitAllDelivered(second);
            assertThat(segmentNotifications("mail")).containsExactly("OPENED " + incidentId, "RESOLVED " + incidentId);
            assertThat(segmentNotifications("nms")).as("nms got its OPENED before the restart")
                    .containsExactly("RESOLVED " + incidentId);
            assertThat(second.incident("alert-channel/mail")).as("mail delivers again").isEmpty();
        }
        try (Alerting third = start()) {
            Thread.sleep(200);
            assertThat(alerters.get("mail").attempts()).isZero();
            assertThat(third.openIncidents()).isEmpty();
        }
    }

    @Test
    void aConfigurationErrorIsRetriedSlowly() throws Exception {
        try (Alerting alerting = start()) {
            alerters.get("mail").failWith(DeliveryException.Kind.CONFIGURATION);
            alerting.raise(Fixtures.segmentDown(3));
            Thread.sleep(1000);
            // 300 ms minimum between attempts → at most 4 in a second, not a tight loop.
            assertThat(alerters.get("mail").attempts()).isBetween(1, 4);
            ChannelStatus status = alerting.channels().get("mail");
            assertThat(status.lastErrorKind()).isEqualTo(DeliveryException.Kind.CONFIGURATION);
            assertThat(alerting.incident("alert-channel/mail")).isPresent();
        }
    }

    @Test
    void aBrokenOutboxStillSendsAndDoesNotBreakTheCaller() throws Exception {
        io.gpwarden.alerts.outbox.Outbox full = new io.gpwarden.alerts.outbox.Outbox() {
            @Override
            public List<Notification> commit(io.gpwarden.alerts.incident.Decision decision) {
                throw new io.gpwarden.alerts.outbox.OutboxException("No space left on device");
            }

            @Override
            public void markDelivered(String id) {
            }

            @Override
            public void markFailed(String id, String reason) {
            }

            @Override
            public List<Notification> pending() {
                return List.of();
            }

            @Override
            public List<io.gpwarden.alerts.incident.IncidentState> incidents() {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
        try (Alerting alerting = Alerting.start(config(), full, c -> alerters.computeIfAbsent(c.name(),
                RecordingAlerter::new), Clock.systemUTC())) {
            assertThat(alerting.raise(Fixtures.segmentDown(3))).hasSize(2);
            assertThat(alerters.get("mail").awaitDelivered(1, Duration.ofSeconds(5))).isTrue();
            assertThat(alerters.get("nms").awaitDelivered(1, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aPermanentFailureIsGivenUpAndTheQueueGoesOn() throws Exception {
        try (Alerting alerting = start()) {
            alerters.get("mail").failWith(DeliveryException.Kind.PERMANENT);
            alerting.raise(Fixtures.segmentDown(3));
            Thread.sleep(200);
            alerters.get("mail").failWith(null);
            alerting.raise(Fixtures.segmentDown(4));
            assertThat(alerters.get("mail").awaitDelivered(1, Duration.ofSeconds(5))).isTrue();
            assertThat(alerters.get("mail").delivered().get(0).incident().key()).isEqualTo("segment/dbid=4");
            assertThat(alerting.channels().get("mail").failed()).isEqualTo(1);
            awaitAllDelivered(alerting);
        }
    }
}
