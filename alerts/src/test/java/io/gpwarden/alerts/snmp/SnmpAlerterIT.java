package io.gpwarden.alerts.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.alerts.Alerting;
import io.gpwarden.alerts.Event;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Fixtures;
import io.gpwarden.alerts.Incident;
import io.gpwarden.alerts.Location;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.Transition;
import io.gpwarden.alerts.config.AlertsConfig;
import io.gpwarden.alerts.config.ChannelConfig;
import io.gpwarden.alerts.config.DeliveryPolicy;
import io.gpwarden.alerts.config.RouteRule;
import io.gpwarden.alerts.config.SnmpChannelConfig;
import io.gpwarden.alerts.config.SnmpChannelConfig.NotificationStyle;
import io.gpwarden.alerts.config.SnmpChannelConfig.SnmpPdu;
import io.gpwarden.alerts.config.UsmCredentials;
import io.gpwarden.alerts.config.UsmCredentials.AuthProtocol;
import io.gpwarden.alerts.config.UsmCredentials.PrivProtocol;
import io.gpwarden.alerts.delivery.DeliveryException;
import io.gpwarden.alerts.delivery.DeliveryReceipt;
import io.gpwarden.alerts.incident.IncidentPolicy;
import io.gpwarden.alerts.outbox.FileOutbox;
import io.gpwarden.config.Secret;
import io.gpwarden.testcluster.snmp.FreeUdpPorts;
import io.gpwarden.testcluster.snmp.ReceivedNotification;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.Auth;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.Priv;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.V3User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SnmpAlerter against a real Debian snmptrapd: v2c trap/inform, v3 authPriv trap/inform, gpdbAlert. */
class SnmpAlerterIT {

    private static final String ENGINE = SnmpChannelConfig.DEFAULT_ENGINE_ID;
    private static final String AUTH = "auth-Pass-8b1f2";
    private static final String PRIV = "priv-Pass-77c3e";
    private static SnmpTrapReceiver trapd;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void startReceiver() throws Exception {
        trapd = SnmpTrapReceiver.start(List.of("public"), List.of(
                V3User.of("trapuser", Auth.SHA_256, AUTH, Priv.AES_128, PRIV).sentFrom(ENGINE),
                V3User.of("trap256", Auth.SHA_512, AUTH, Priv.AES_256, PRIV).sentFrom(ENGINE),
                V3User.of("informuser", Auth.SHA_256, AUTH, Priv.AES_128, PRIV)));
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        if (trapd != null) {
            trapd.close();
        }
    }

    private static UsmCredentials usm(String user, AuthProtocol auth, PrivProtocol priv, String authPass) {
        return new UsmCredentials(user, auth, Secret.of(authPass, "test:auth"), priv, Secret.of(PRIV, "test:priv"));
    }

    private Notification notification(Transition transition) {
        Incident incident = Incident.open("it-" + ProcessHandle.current().pid() + "-" + ids.incrementAndGet()
                        + "-" + System.nanoTime(), Fixtures.segmentDown(3), Instant.parse("2025-03-01T10:00:00Z"));
        return Notification.of("nms", transition, 1, incident, Instant.now());
    }

    /** The notifications snmptrapd logged for {@code incidentId}, once there is one or {@code timeout} passed. */
    private static List<ReceivedNotification> arrived(String incidentId, Duration timeout) throws Exception {
        return trapd.await(n -> n.mentions(incidentId), 1, timeout);
    }

    private static SnmpAlerter alerter(SnmpChannelConfig config) {
        return new SnmpAlerter(config, "prod", Clock.systemUTC(), Instant.now().minusSeconds(12));
    }

    @Test
    void v2cTrapCarriesOurVarbinds() throws Exception {
        Notification n = notification(Transition.OPENED);
        try (SnmpAlerter alerter = alerter(SnmpChannelConfig.v2c("nms", "127.0.0.1", trapd.port(),
                Secret.of("public", "test"), SnmpPdu.TRAP))) {
            DeliveryReceipt receipt = alerter.deliver(n);
            assertThat(receipt.acknowledged()).isFalse();
        }
        List<ReceivedNotification> got = arrived(n.incident().id(), Duration.ofSeconds(10));
        assertThat(got).hasSize(1);
        ReceivedNotification r = got.get(0);
        assertThat(r.security()).startsWith("TRAP2, SNMP v2c");
        assertThat(r.value(ReceivedNotification.SNMP_TRAP_OID)).isEqualTo("OID: .1.3.6.1.4.1.32473.0.1");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.1.0")).isEqualTo("STRING: \"" + n.incident().id() + "\"");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.2.0")).isEqualTo("STRING: \"segment/dbid=3\"");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.3.0")).isEqualTo("INTEGER: 1");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.4.0")).isEqualTo("INTEGER: 3");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.5.0")).isEqualTo("INTEGER: 1");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.6.0")).isEqualTo("STRING: \"prod\"");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.7.0")).isEqualTo("STRING: \"sdw1\"");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.8.0")).isEqualTo("INTEGER: 3");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.9.0")).isEqualTo("INTEGER: 1");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.10.0")).isEqualTo("INTEGER: 6003");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.13.0")).isEqualTo("STRING: \"FTS promoted the mirror on sdw2\"");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.14.0")).isEqualTo("STRING: \"run gprecoverseg\"");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.15.0")).isEqualTo("Hex-STRING: 07 E9 03 01 0A 00 00 00 2B 00 00");
        assertThat(r.value(".1.3.6.1.4.1.32473.1.16.0")).isEqualTo("Gauge32: 1");
        assertThat(r.value(".1.3.6.1.2.1.1.3.0")).startsWith("Timeticks: (12");
    }

    @Test
    void v2cInformIsAcknowledged() throws Exception {
        Notification n = notification(Transition.RESOLVED);
        try (SnmpAlerter alerter = alerter(SnmpChannelConfig.v2c("nms", "127.0.0.1", trapd.port(),
                Secret.of("public", "test"), SnmpPdu.INFORM))) {
            assertThat(alerter.deliver(n).acknowledged()).isTrue();
        }
        List<ReceivedNotification> got = arrived(n.incident().id(), Duration.ofSeconds(10));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).security()).startsWith("INFORM, SNMP v2c");
        assertThat(got.get(0).value(ReceivedNotification.SNMP_TRAP_OID)).isEqualTo("OID: .1.3.6.1.4.1.32473.0.3");
    }

    @Test
    void v3AuthPrivTrapWithSha256AndAes128IsDecoded() throws Exception {
        Notification n = notification(Transition.OPENED);
        SnmpChannelConfig config = SnmpChannelConfig.v3("nms", "127.0.0.1", trapd.port(),
                usm("trapuser", AuthProtocol.SHA256, PrivProtocol.AES128, AUTH)).withPdu(SnmpPdu.TRAP);
        try (SnmpAlerter alerter = alerter(config)) {
            alerter.deliver(n);
        }
        List<ReceivedNotification> got = arrived(n.incident().id(), Duration.ofSeconds(10));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).security()).startsWith("TRAP2, SNMP v3, user trapuser");
        assertThat(got.get(0).value(".1.3.6.1.4.1.32473.1.14.0")).isEqualTo("STRING: \"run gprecoverseg\"");
    }

    @Test
    void v3AuthPrivTrapWithSha512AndAes256IsDecoded() throws Exception {
        Notification n = notification(Transition.OPENED);
        SnmpChannelConfig config = SnmpChannelConfig.v3("nms", "127.0.0.1", trapd.port(),
                usm("trap256", AuthProtocol.SHA512, PrivProtocol.AES256, AUTH)).withPdu(SnmpPdu.TRAP);
        try (SnmpAlerter alerter = alerter(config)) {
            alerter.deliver(n);
        }
        List<ReceivedNotification> got = arrived(n.incident().id(), Duration.ofSeconds(10));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).security()).startsWith("TRAP2, SNMP v3, user trap256");
    }

    @Test
    void v3AuthPrivInformIsAcknowledged() throws Exception {
        Notification n = notification(Transition.OPENED);
        SnmpChannelConfig config = SnmpChannelConfig.v3("nms", "127.0.0.1", trapd.port(),
                usm("informuser", AuthProtocol.SHA256, PrivProtocol.AES128, AUTH));
        try (SnmpAlerter alerter = alerter(config)) {
            assertThat(alerter.deliver(n).acknowledged()).isTrue();
        }
        List<ReceivedNotification> got = arrived(n.incident().id(), Duration.ofSeconds(10));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).security()).startsWith("INFORM, SNMP v3, user informuser");
    }

    @Test
    void wrongV3KeysAreAConfigurationErrorThatNamesNoSecret() throws Exception {
        Notification n = notification(Transition.OPENED);
        SnmpChannelConfig config = SnmpChannelConfig.v3("nms", "127.0.0.1", trapd.port(),
                usm("informuser", AuthProtocol.SHA256, PrivProtocol.AES128, "wrong-passphrase"))
                .withTimeout(Duration.ofMillis(500), 1);
        try (SnmpAlerter alerter = alerter(config)) {
            assertThatThrownBy(() -> alerter.deliver(n))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.CONFIGURATION))
                    .hasMessageContaining("informuser")
                    .hasMessageNotContaining("wrong-passphrase")
                    .hasMessageNotContaining(PRIV);
            assertThat(config.toString()).doesNotContain("wrong-passphrase").doesNotContain(PRIV);
        }
        assertThat(arrived(n.incident().id(), Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void anInformNobodyAcknowledgesIsATransientFailureWithinTheTimeout() throws Exception {
        int silentPort = FreeUdpPorts.pick();
        SnmpChannelConfig config = SnmpChannelConfig.v2c("nms", "127.0.0.1", silentPort, Secret.of("public", "t"),
                SnmpPdu.INFORM).withTimeout(Duration.ofMillis(300), 1);
        try (SnmpAlerter alerter = alerter(config)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> alerter.deliver(notification(Transition.OPENED)))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TRANSIENT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void greenplumCompatibleModeSendsGpdbAlertExactly() throws Exception {
        Incident incident = Incident.open("gp-" + System.nanoTime(), Event.builder(EventKind.COORDINATOR_UNREACHABLE,
                        "coordinator").where(Location.hostPort("cdw", 5432)).summary("coordinator does not answer")
                .detail("x".repeat(300)).fact("sqlstate", "08006").build(), Instant.now());
        Notification n = Notification.of("nms", Transition.OPENED, 1, incident, Instant.now());
        SnmpChannelConfig config = SnmpChannelConfig.v2c("nms", "127.0.0.1", trapd.port(), Secret.of("public", "t"),
                SnmpPdu.INFORM).withStyle(NotificationStyle.GREENPLUM);
        try (SnmpAlerter alerter = alerter(config)) {
            alerter.deliver(n);
        }
        List<ReceivedNotification> got = arrived(incident.id(), Duration.ofSeconds(10));
        assertThat(got).hasSize(1);
        ReceivedNotification r = got.get(0);
        assertThat(r.varbinds().keySet()).containsExactly(".1.3.6.1.2.1.1.3.0", ".1.3.6.1.6.3.1.1.4.1.0",
                ".1.3.6.1.4.1.31327.1.1", ".1.3.6.1.4.1.31327.1.2", ".1.3.6.1.4.1.31327.1.3",
                ".1.3.6.1.4.1.31327.1.4", ".1.3.6.1.4.1.31327.1.5", ".1.3.6.1.4.1.31327.1.6");
        assertThat(r.value(ReceivedNotification.SNMP_TRAP_OID)).isEqualTo("OID: .1.3.6.1.4.1.31327.5.0.1");
        assertThat(r.value(".1.3.6.1.4.1.31327.1.1")).startsWith("STRING: \"OPENED coordinator unreachable:")
                .contains(incident.id());
        assertThat(r.value(".1.3.6.1.4.1.31327.1.2")).isEqualTo("INTEGER: 7");
        assertThat(r.value(".1.3.6.1.4.1.31327.1.3")).isEqualTo("STRING: \"08006\"");
        assertThat(r.value(".1.3.6.1.4.1.31327.1.4")).isEqualTo("STRING: \"" + "x".repeat(127) + "\"");
        assertThat(r.value(".1.3.6.1.4.1.31327.1.5")).isEqualTo("\"\"");
        assertThat(r.value(".1.3.6.1.4.1.31327.1.6")).isEqualTo("STRING: \"cdw:5432\"");
    }

    @Test
    void anIncidentRaisedWhileTheReceiverIsDownArrivesOnceWhenItReturns() throws Exception {
        Path state = Files.createTempDirectory("gpwarden-snmp-outbox");
        AlertsConfig config = Fixtures.oneChannel(SnmpChannelConfig.v3("nms", "127.0.0.1", trapd.port(),
                usm("informuser", AuthProtocol.SHA256, PrivProtocol.AES128, AUTH)).withTimeout(Duration.ofMillis(300), 1),
                100);
        trapd.stop();
        String incidentId;
        try (Alerting alerting = Alerting.start(config, FileOutbox.open(state),
                c -> alerter((SnmpChannelConfig) c), Clock.systemUTC())) {
            alerting.raise(Fixtures.segmentDown(5));
            incidentId = alerting.incident("segment/dbid=5").orElseThrow().id();
            Fixtures.awaitFailures(alerting, "nms", 1, Duration.ofSeconds(10));
            assertThat(alerting.undelivered()).isGreaterThanOrEqualTo(1);
            assertThat(alerting.channels().get("nms").lastErrorKind()).as("a receiver down is no config error")
                    .isEqualTo(DeliveryException.Kind.TRANSIENT);
            trapd.start();
            Fixtures.awaitAllDelivered(alerting, Duration.ofSeconds(20));
        } finally {
            trapd.start(); // does nothing while it runs
        }
        Thread.sleep(500);
        assertThat(arrived(incidentId, Duration.ofSeconds(5))).hasSize(1);
    }
}
