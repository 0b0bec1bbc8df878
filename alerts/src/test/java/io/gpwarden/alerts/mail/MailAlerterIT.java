package io.gpwarden.alerts.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.gpwarden.alerts.Alerters;
import io.gpwarden.alerts.Alerting;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Fixtures;
import io.gpwarden.alerts.Incident;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.Transition;
import io.gpwarden.alerts.config.AlertsConfig;
import io.gpwarden.alerts.config.ChannelConfig;
import io.gpwarden.alerts.config.DeliveryPolicy;
import io.gpwarden.alerts.config.MailChannelConfig;
import io.gpwarden.alerts.config.MailChannelConfig.MailSecurity;
import io.gpwarden.alerts.config.RouteRule;
import io.gpwarden.alerts.delivery.DeliveryException;
import io.gpwarden.alerts.incident.IncidentPolicy;
import io.gpwarden.alerts.outbox.FileOutbox;
import io.gpwarden.alerts.template.MessageTemplates;
import io.gpwarden.config.Secret;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MailAlerter against GreenMail over SMTPS and (through a STARTTLS front) STARTTLS, with authentication. */
class MailAlerterIT {

    private static final String USER = "gpwarden";
    private static final String PASSWORD = "m41l-Secret-9d";
    private static final String TO = "oncall@example.org";
    private static final MessageTemplates TEMPLATES = MessageTemplates.builtIn();

    private static Path dir;
    private static Path trustStore;
    private static SSLContext serverTls;
    private static int smtpPort;
    private static int smtpsPort;
    private static GreenMail greenMail;
    private static StartTlsFront front;

    @BeforeAll
    static void startServers() throws Exception {
        dir = Files.createTempDirectory("gpwarden-mail");
        KeyStore greenmailKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = GreenMail.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            greenmailKeys.load(in, "changeit".toCharArray());
        }
        // Our trust store holds only GreenMail's self-signed certificate: validation is real.
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("greenmail", greenmailKeys.getCertificate("greenmail"));
        trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, "trust-pass".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(greenmailKeys, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        smtpPort = freePort();
        smtpsPort = freePort();
        startGreenMail();
        front = new StartTlsFront(serverTls, smtpPort);
    }

    private static void startGreenMail() {
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(smtpsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)})
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(TO, USER, PASSWORD));
        greenMail.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (front != null) {
            front.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static MailChannelConfig channel(MailSecurity security, int port, String password, Path trust) {
        return new MailChannelConfig("mail", "127.0.0.1", port, security, USER, Secret.of(password, "test:smtp"),
                "gpwarden@example.org", List.of(TO), trust, Secret.of("trust-pass", "test:trust"),
                // GreenMail's certificate names no host; the chain is still validated against trustStore.
                false, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static List<MimeMessage> messagesOf(String incidentId) throws Exception {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                String[] h = m.getHeader("X-Gpwarden-Incident");
                return h != null && h[0].equals(incidentId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void startTlsWithAuthenticationSendsOneMailPerTransitionFromTheTemplates() throws Exception {
        Incident incident = Fixtures.incident("mail-" + System.nanoTime(), 3);
        Notification opened = Notification.of("mail", Transition.OPENED, 1, incident, Instant.now());
        Notification resolved = Notification.of("mail", Transition.RESOLVED, 2,
                incident.resolved(Instant.now(), "back after gprecoverseg"), Instant.now());
        int upgradesBefore = front.upgrades();
        try (MailAlerter alerter = new MailAlerter(channel(MailSecurity.STARTTLS, front.port(), PASSWORD, trustStore),
                "prod", TEMPLATES)) {
            assertThat(alerter.deliver(opened).acknowledged()).isTrue();
            assertThat(alerter.deliver(resolved).acknowledged()).isTrue();
        }
        assertThat(front.upgrades() - upgradesBefore).as("both sessions went through STARTTLS").isEqualTo(2);
        assertThat(greenMail.waitForIncomingEmail(10_000, 2)).isTrue();
        List<MimeMessage> mails = messagesOf(incident.id());
        assertThat(mails).hasSize(2);
        assertThat(mails.get(0).getSubject())
                .isEqualTo("[gpwarden prod] CRITICAL OPEN: segment down on sdw1 (dbid 3, content 1, port 6003)");
        String body = (String) mails.get(0).getContent();
        assertThat(body).contains("host sdw1, dbid 3, content 1, port 6003")
                .contains("Since:          2025-03-01 10:00:00 UTC")
                .contains("Controller did: FTS promoted the mirror on sdw2")
                .contains("Next step:      run gprecoverseg");
        assertThat(mails.get(0).getMessageID()).isEqualTo("<" + incident.id() + ".1.mail@gpwarden>");
        assertThat(mails.get(0).getHeader("X-Priority")[0]).isEqualTo("1");
        assertThat(mails.get(1).getSubject())
                .isEqualTo("[gpwarden prod] RESOLVED: segment on sdw1 (dbid 3, content 1) is back");
        assertThat((String) mails.get(1).getContent()).contains("back after gprecoverseg");
    }

    @Test
    void smtpsWithAuthenticationDelivers() throws Exception {
        Notification test = Alerters.testNotification("mail", Clock.systemUTC());
        try (MailAlerter alerter = new MailAlerter(channel(MailSecurity.SMTPS, smtpsPort, PASSWORD, trustStore),
                "prod", TEMPLATES)) {
            alerter.deliver(test);
        }
        assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
        List<MimeMessage> mails = messagesOf(test.incident().id());
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("[gpwarden prod] test notification on channel mail");
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorThatDoesNotShowThePassword() throws Exception {
        try (MailAlerter alerter = new MailAlerter(channel(MailSecurity.SMTPS, smtpsPort, "not-the-password",
                trustStore), "prod", TEMPLATES)) {
            assertThatThrownBy(() -> alerter.deliver(Alerters.testNotification("mail", Clock.systemUTC())))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.CONFIGURATION))
                    .hasMessageContaining("authentication")
                    .hasMessageContaining("test:smtp")
                    .hasMessageNotContaining("not-the-password");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        try (MailAlerter alerter = new MailAlerter(channel(MailSecurity.SMTPS, smtpsPort, PASSWORD, null), "prod",
                TEMPLATES)) {
            assertThatThrownBy(() -> alerter.deliver(Alerters.testNotification("mail", Clock.systemUTC())))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.CONFIGURATION))
                    .hasMessageContaining("TLS");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aPlainServerWithoutStartTlsIsRefused() throws Exception {
        try (MailAlerter alerter = new MailAlerter(channel(MailSecurity.STARTTLS, smtpPort, PASSWORD, trustStore),
                "prod", TEMPLATES)) {
            assertThatThrownBy(() -> alerter.deliver(Alerters.testNotification("mail", Clock.systemUTC())))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.CONFIGURATION))
                    .hasMessageContaining("STARTTLS");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpDownDuringAnIncidentThenARestartDeliversEachTransitionExactlyOnce() throws Exception {
        Path state = Files.createTempDirectory(dir, "outbox");
        AlertsConfig config = Fixtures.oneChannel(channel(MailSecurity.SMTPS, smtpsPort, PASSWORD, trustStore), 3);
        greenMail.stop();
        String incidentId;
        try {
            try (Alerting first = Alerting.start(config, FileOutbox.open(state),
                    Alerters.real("prod", TEMPLATES, Clock.systemUTC(), Instant.now()), Clock.systemUTC())) {
                first.raise(Fixtures.segmentDown(7));
                incidentId = first.incident("segment/dbid=7").orElseThrow().id();
                Fixtures.awaitFailures(first, "mail", 2, Duration.ofSeconds(10));
                assertThat(first.channels().get("mail").consecutiveFailures()).isGreaterThanOrEqualTo(2);
                assertThat(first.channels().get("mail").lastErrorKind()).isEqualTo(DeliveryException.Kind.TRANSIENT);
            }
        } finally {
            startGreenMail();
        }
        try (Alerting second = Alerting.start(config, FileOutbox.open(state),
                Alerters.real("prod", TEMPLATES, Clock.systemUTC(), Instant.now()), Clock.systemUTC())) {
            assertThat(greenMail.waitForIncomingEmail(20_000, 1)).isTrue();
            second.clear("segment/dbid=7", "recovered by gprecoverseg");
            Fixtures.awaitAllDelivered(second, Duration.ofSeconds(20));
        }
        try (Alerting third = Alerting.start(config, FileOutbox.open(state),
                Alerters.real("prod", TEMPLATES, Clock.systemUTC(), Instant.now()), Clock.systemUTC())) {
            Thread.sleep(500);
            assertThat(third.undelivered()).isZero();
        }
        List<MimeMessage> mails = messagesOf(incidentId);
        assertThat(mails).extracting(m -> m.getHeader("X-Gpwarden-Transition")[0])
                .containsExactly("OPENED", "RESOLVED");
        assertThat(Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(EventKind.ALERT_CHANNEL_FAILING.title()) || m.getSubject()
                        .contains("cannot deliver");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count()).as("the outage story: opened, then resolved when mail delivered again").isEqualTo(2);
    }
}
