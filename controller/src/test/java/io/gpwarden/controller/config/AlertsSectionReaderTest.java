package io.gpwarden.controller.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.config.AlertsConfig;
import io.gpwarden.alerts.config.MailChannelConfig;
import io.gpwarden.alerts.config.SnmpChannelConfig;
import io.gpwarden.alerts.config.UsmCredentials;
import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigProblem;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.YamlDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsSectionReaderTest {

    private static final String CLUSTER = "cluster: {name: prod, coordinator: {host: cdw}}\n";

    /** The section of {@code c} as validation reads it (secrets unresolved), after checking it has no problem. */
    private static AlertsConfig accepted(ControllerConfig c) {
        ConfigProblems problems = new ConfigProblems();
        AlertsConfig alerts = AlertsSectionReader.read(c.alerts().orElseThrow(), "prod",
                AlertsSectionReader.Secrets.UNRESOLVED, problems);
        assertThat(problems.list()).isEmpty();
        return alerts;
    }

    @Test
    void theExampleConfigurationIsValid() {
        AlertsConfig alerts = accepted(ControllerConfigReader.read(Path.of("examples/controller.yaml")));
        assertThat(alerts.channels()).containsOnlyKeys("nms", "legacy-nms", "dba-mail");
        SnmpChannelConfig nms = (SnmpChannelConfig) alerts.channels().get("nms");
        assertThat(nms.version()).isEqualTo(SnmpChannelConfig.SnmpVersion.V3);
        assertThat(nms.pdu()).isEqualTo(SnmpChannelConfig.SnmpPdu.INFORM);
        assertThat(nms.usm().authPassphrase().source()).isEqualTo("env:GPWARDEN_SNMP_AUTH");
        assertThat(((SnmpChannelConfig) alerts.channels().get("legacy-nms")).style())
                .isEqualTo(SnmpChannelConfig.NotificationStyle.GREENPLUM);
        MailChannelConfig mail = (MailChannelConfig) alerts.channels().get("dba-mail");
        assertThat(mail.to()).containsExactly("dba-oncall@example.org");
        assertThat(alerts.router().channelsFor(EventKind.SEGMENT_DOWN, Severity.CRITICAL))
                .containsExactly("dba-mail", "nms", "legacy-nms");
        assertThat(alerts.router().channelsFor(EventKind.DISK_USAGE, Severity.WARNING)).containsExactly("dba-mail", "nms");
        assertThat(alerts.policy().flapWindow()).isEqualTo(Duration.ofSeconds(60));
    }

    /** docs/alerts.md shows the section an operator copies: it must be what this reader accepts. */
    @Test
    void theSectionShownInTheAlertsDocumentIsAccepted() throws Exception {
        String doc = Files.readString(Path.of("../docs/alerts.md"));
        int section = doc.indexOf("## Routing configuration");
        int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));
        AlertsConfig alerts = accepted(ControllerConfigReader.parse(Path.of("alerts.md"),
                YamlDocuments.parse("alerts.md", CLUSTER + yaml)));
        assertThat(alerts.channels()).containsOnlyKeys("nms", "legacy-nms", "dba-mail");
        SnmpChannelConfig nms = (SnmpChannelConfig) alerts.channels().get("nms");
        assertThat(nms.usm().auth()).isEqualTo(UsmCredentials.AuthProtocol.SHA256);
        assertThat(nms.usm().privPassphrase().source()).isEqualTo("file:/etc/gpwarden/snmp-priv");
        assertThat(alerts.router().channelsFor(EventKind.DISK_USAGE, Severity.WARNING)).containsExactly("dba-mail", "nms");
        assertThat(alerts.policyFor(EventKind.DISK_FORECAST).openDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(alerts.rateLimit().burst()).isEqualTo(20);
        assertThat(alerts.delivery().breakerFailures()).isEqualTo(5);
    }

    @Test
    void everyProblemIsNamedByFileLineAndKeyPath() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () ->
                ControllerConfigReader.parse(Path.of("c.yaml"), YamlDocuments.parse("c.yaml", CLUSTER + """
                        alerts:
                          channels:
                            nms: {type: snmp, host: nms, version: v3}
                            mail: {type: smtp}
                            pager: {type: mail, host: smtp, from: gpwarden@example.org, to: [a@example.org], pasword: x}
                          routes:
                            - {kinds: [segment-gone], channels: [nms, sms]}
                        """)));
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "c.yaml:4:10: alerts.channels.nms: snmp channel 'nms': version v3 needs usm (user, auth, priv)",
                "c.yaml:5:18: alerts.channels.mail.type: expected snmp or mail, got \"smtp\"",
                "c.yaml:6: alerts.channels.pager.pasword: unknown key 'pasword'; known keys here: type, host, security,"
                        + " port, username, password, from, to, trust_store, trust_store_password,"
                        + " check_server_identity, connect_timeout, timeout",
                "c.yaml:8:16: alerts.routes[0].kinds[0]: unknown event kind 'segment-gone'; known: [segment-down,"
                        + " mirror-promoted, pair-not-in-sync, not-preferred-role, coordinator-unreachable,"
                        + " standby-not-streaming, standby-lagging, disk-usage, disk-forecast, configuration-error,"
                        + " failover-complete, controller-action, alert-channel-failing, notifications-suppressed, host-unreachable, host-key-rejected, instance-not-serving, test]",
                "c.yaml:8:47: alerts.routes[0].channels[1]: unknown channel 'sms'; defined: nms, mail, pager");
    }

    @Test
    void secretsAreResolvedOnlyWhenAlertingStartsAndNeverPrinted(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("priv");
        Files.writeString(secret, "priv-passphrase-123\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String yaml = CLUSTER + """
                alerts:
                  channels:
                    nms:
                      type: snmp
                      host: nms
                      usm: {user: gpw, auth_passphrase: env:GPWARDEN_TEST_UNSET_VARIABLE, priv_passphrase: file:%s}
                """.formatted(secret);
        ControllerConfig c = ControllerConfigReader.parse(Path.of("c.yaml"), YamlDocuments.parse("c.yaml", yaml));
        ConfigProblems problems = new ConfigProblems();
        AlertsSectionReader.read(c.alerts().orElseThrow(), "prod", AlertsSectionReader.Secrets.RESOLVE, problems);
        assertThat(problems.list()).extracting(ConfigProblem::toString).containsExactly(
                "c.yaml:7: alerts.channels.nms.usm.auth_passphrase: environment variable GPWARDEN_TEST_UNSET_VARIABLE"
                        + " is not set");
        assertThat(problems.list().toString()).doesNotContain("priv-passphrase-123");
    }

    @Test
    void withoutRoutesEveryChannelHearsEverything() {
        ControllerConfig c = ControllerConfigReader.parse(Path.of("c.yaml"), YamlDocuments.parse("c.yaml", CLUSTER + """
                alerts:
                  channels:
                    trapsink: {type: snmp, host: 127.0.0.1, version: v2c, community: env:C, pdu: trap}
                """));
        AlertsConfig alerts = AlertsSectionReader.read(c.alerts().orElseThrow(), "prod",
                AlertsSectionReader.Secrets.UNRESOLVED, new ConfigProblems());
        assertThat(alerts.router().channelsFor(EventKind.PAIR_NOT_IN_SYNC, Severity.WARNING)).containsExactly("trapsink");
    }
}
