package io.gpwarden.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.incident.Router;
import io.gpwarden.config.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertsConfigTest {

    private static Map<String, ChannelConfig> channels() {
        Map<String, ChannelConfig> channels = new LinkedHashMap<>();
        channels.put("nms", SnmpChannelConfig.v3("nms", "nms.example.org", 162, new UsmCredentials("gpwarden", null,
                Secret.of("auth-pass-1", "env:A"), null, Secret.of("priv-pass-1", "env:P"))));
        channels.put("dba-mail", new MailChannelConfig("dba-mail", "smtp.example.org", 587, null, null, null,
                "gpwarden@example.org", List.of("dba@example.org"), null, null, true, null, null));
        channels.put("pager", new MailChannelConfig("pager", "smtp.example.org", 465,
                MailChannelConfig.MailSecurity.SMTPS, null, null, "gpwarden@example.org", List.of("pager@example.org"),
                null, null, true, null, null));
        return channels;
    }

    @Test
    void routesAddUpBySeverityAndKind() {
        AlertsConfig config = new AlertsConfig("prod", channels(), List.of(
                new RouteRule(Set.of(), Severity.WARNING, List.of("dba-mail")),
                new RouteRule(Set.of(), Severity.CRITICAL, List.of("nms", "pager")),
                new RouteRule(Set.of(EventKind.DISK_USAGE, EventKind.DISK_FORECAST), Severity.INFO, List.of("nms"))),
                null, Map.of(), null, null);
        Router router = config.router();
        assertThat(router.channelsFor(EventKind.SEGMENT_DOWN, Severity.CRITICAL)).containsExactly("dba-mail", "nms",
                "pager");
        assertThat(router.channelsFor(EventKind.PAIR_NOT_IN_SYNC, Severity.WARNING)).containsExactly("dba-mail");
        assertThat(router.channelsFor(EventKind.DISK_USAGE, Severity.WARNING)).containsExactly("dba-mail", "nms");
        assertThat(router.channelsFor(EventKind.CONTROLLER_ACTION, Severity.INFO)).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsKeyPath() {
        assertThatThrownBy(() -> new AlertsConfig("", channels(), List.of(
                new RouteRule(null, null, List.of("nms", "sms")),
                new RouteRule(null, Severity.CRITICAL, List.of("phone"))), null, Map.of(), null, null))
                .hasMessageContaining("alerts.cluster: a cluster name is required")
                .hasMessageContaining("alerts.routes[0].channels: unknown channel 'sms'")
                .hasMessageContaining("alerts.routes[1].channels: unknown channel 'phone'");
    }

    @Test
    void channelsCheckTheirOwnFields() {
        assertThatThrownBy(() -> SnmpChannelConfig.v2c("Bad Name", "h", 162, Secret.of("public", "t"), null))
                .hasMessageContaining("channel name 'Bad Name'");
        assertThatThrownBy(() -> new SnmpChannelConfig("nms", "h", 162, SnmpChannelConfig.SnmpVersion.V3, null, null,
                null, null, null, null, 1, null)).hasMessageContaining("version v3 needs usm");
        assertThatThrownBy(() -> new UsmCredentials("u", null, Secret.of("short", "env:A"), null,
                Secret.of("priv-pass-1", "env:P"))).hasMessageContaining("at least 8").hasMessageContaining("env:A")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> new MailChannelConfig("m", "h", 25, null, "user", null, "a@b", List.of("c@d"), null,
                null, true, null, null)).hasMessageContaining("password");
        assertThatThrownBy(() -> new MailChannelConfig("m", "h", 25, null, null, null, "a@b",
                List.of("c@d\nBcc: x@y"), null, null, true, null, null)).hasMessageContaining("not an e-mail address");
        SnmpChannelConfig v3 = (SnmpChannelConfig) channels().get("nms");
        assertThat(v3.pdu()).as("INFORM is the default").isEqualTo(SnmpChannelConfig.SnmpPdu.INFORM);
        assertThat(v3.localEngineId()).isEqualTo("80007ed904677077617264656e");
    }

    @Test
    void credentialsNeverShowTheirPassphrases() {
        assertThat(String.valueOf(new UsmCredentials("u", null, Secret.of("auth-pass-1", "env:A"), null,
                Secret.of("priv-pass-1", "env:P")))).doesNotContain("auth-pass-1").doesNotContain("priv-pass-1");
    }
}
