package io.gpwarden.alerts;

import io.gpwarden.alerts.incident.Decision;
import io.gpwarden.alerts.incident.IncidentState;
import io.gpwarden.alerts.incident.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Named scenario values shared by unit tests. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private Fixtures() {
    }

    /**
     * One channel that hears everything; incidents resolve as soon as they clear; quick
     * retries (200 ms doubling to 500 ms) so outage tests finish in seconds.
     */
    public static io.gpwarden.alerts.config.AlertsConfig oneChannel(io.gpwarden.alerts.config.ChannelConfig channel,
                                                                    int breakerFailures) {
        return new io.gpwarden.alerts.config.AlertsConfig("prod", java.util.Map.of(channel.name(), channel),
                List.of(new io.gpwarden.alerts.config.RouteRule(Set.of(), Severity.INFO, List.of(channel.name()))),
                new io.gpwarden.alerts.incident.IncidentPolicy(java.time.Duration.ZERO, java.time.Duration.ZERO,
                        java.time.Duration.ZERO, java.time.Duration.ofSeconds(30)), java.util.Map.of(), null,
                new io.gpwarden.alerts.config.DeliveryPolicy(java.time.Duration.ofMillis(200),
                        java.time.Duration.ofMillis(500), 0.2, breakerFailures, java.time.Duration.ofSeconds(1),
                        java.time.Duration.ofSeconds(1)));
    }

    /** Waits (up to {@code timeout}) until the outbox holds nothing undelivered, and asserts it. */
    public static void awaitAllDelivered(Alerting alerting, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alerting.undelivered() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        org.assertj.core.api.Assertions.assertThat(alerting.undelivered()).as("undelivered notifications").isZero();
    }

    /** Waits (up to {@code timeout}) until {@code channel} has failed {@code failures} times in a row; the caller asserts. */
    public static void awaitFailures(Alerting alerting, String channel, int failures, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alerting.channels().get(channel).consecutiveFailures() < failures && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    public static Event segmentDown(int dbid) {
        return Event.builder(EventKind.SEGMENT_DOWN, "segment/dbid=" + dbid)
                .where(Location.segment("sdw1", dbid, dbid - 2, 6000 + dbid))
                .summary("primary dbid " + dbid + " is down")
                .detail("connection refused")
                .actionTaken("FTS promoted the mirror on sdw2")
                .nextStep("run gprecoverseg")
                .build();
    }

    public static Incident incident(String id, int dbid) {
        return Incident.open(id, segmentDown(dbid), T0);
    }

    /** An OPENED decision for one incident to the given channels. */
    public static Decision opened(String incidentId, int dbid, String... channels) {
        Incident incident = incident(incidentId, dbid);
        List<Notification> notifications = java.util.Arrays.stream(channels)
                .map(c -> Notification.of(c, Transition.OPENED, 1, incident, T0)).toList();
        IncidentState state = new IncidentState(incident, Phase.OPEN, null, 1, List.of(channels));
        return new Decision(List.of(state), List.of(), notifications);
    }
}
