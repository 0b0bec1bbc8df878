package io.gpwarden.alerts.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.alerts.Event;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Fixtures;
import io.gpwarden.alerts.Incident;
import io.gpwarden.alerts.Location;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Transition;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageTemplatesTest {

    private final MessageTemplates templates = MessageTemplates.builtIn();

    @Test
    void everyKindAndTransitionRendersWithoutLeftovers() {
        for (EventKind kind : EventKind.values()) {
            for (Transition t : Transition.values()) {
                Incident incident = Incident.open("inc-1", Event.builder(kind, "k").build(), Fixtures.T0);
                MessageTemplates.Message m = templates.render(
                        Notification.of("mail", t, 1, incident, Fixtures.T0.plusSeconds(90)), "prod");
                assertThat(m.subject()).as(kind + " " + t).isNotBlank().doesNotContain("{{").doesNotContain("\n");
                assertThat(m.body()).as(kind + " " + t).isNotBlank().doesNotContain("{{");
            }
        }
    }

    @Test
    void segmentDownSaysWhatWhereSinceWhatWasDoneAndWhatToDo() {
        Incident incident = Fixtures.incident("inc-7", 3);
        MessageTemplates.Message m = templates.render(
                Notification.of("mail", Transition.OPENED, 1, incident, Fixtures.T0.plusSeconds(120)), "prod");
        assertThat(m.subject()).isEqualTo(
                "[gpwarden prod] CRITICAL OPEN: segment down on sdw1 (dbid 3, content 1, port 6003)");
        assertThat(m.body())
                .contains("primary dbid 3 is down")
                .contains("host sdw1, dbid 3, content 1, port 6003")
                .contains("Since:          2025-03-01 10:00:00 UTC (open for 2 min)")
                .contains("Controller did: FTS promoted the mirror on sdw2")
                .contains("Next step:      run gprecoverseg")
                .contains("inc-7");

        Incident resolved = incident.withBounce(Fixtures.T0).resolved(Fixtures.T0.plusSeconds(600), "back after gprecoverseg");
        MessageTemplates.Message r = templates.render(
                Notification.of("mail", Transition.RESOLVED, 2, resolved, Fixtures.T0.plusSeconds(600)), "prod");
        assertThat(r.subject()).isEqualTo("[gpwarden prod] RESOLVED: segment on sdw1 (dbid 3, content 1) is back");
        assertThat(r.body()).contains("RESOLVED after 10 min").contains("back after gprecoverseg")
                .contains("Bounces:        1");
    }

    @Test
    void aSubjectCannotBeSplitIntoHeadersByTheEventText() {
        Incident incident = Incident.open("inc-1", Event.builder(EventKind.DISK_USAGE, "disk/x")
                .where(Location.path("sdw3", "/data"))
                .summary("92 % used\r\nBcc: someone@example.org").build(), Fixtures.T0);
        MessageTemplates.Message m = templates.render(
                Notification.of("mail", Transition.OPENED, 1, incident, Fixtures.T0), "prod");
        assertThat(m.subject()).doesNotContain("\n").doesNotContain("\r").contains("92 % used Bcc:");
    }

    @Test
    void aTypoInAPlaceholderFailsAtLoadWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("default.txt"), "comment\n[subject]\nhello\n[body]\nline one\n{{nextstep}}\n");
        assertThatThrownBy(() -> MessageTemplates.fromDirectory(dir))
                .hasMessageContaining("default.txt:6")
                .hasMessageContaining("unknown placeholder {{nextstep}}")
                .hasMessageContaining("nextStep");
        Files.writeString(dir.resolve("default.txt"), "[subject]\nx\n[bodyy]\ny\n");
        assertThatThrownBy(() -> MessageTemplates.fromDirectory(dir)).hasMessageContaining("default.txt:3")
                .hasMessageContaining("unknown section [bodyy]");
        Files.writeString(dir.resolve("default.txt"), "[subject]\n{{ cluster }} {{oops\n[body]\ny\n");
        assertThatThrownBy(() -> MessageTemplates.fromDirectory(dir)).hasMessageContaining("malformed placeholder");
    }

    @Test
    void anOperatorDirectoryOverridesTheBuiltIns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("default.txt"), "[subject]\n{{cluster}}: {{summary}}\n[body]\n{{where}}\n");
        MessageTemplates custom = MessageTemplates.fromDirectory(dir);
        MessageTemplates.Message m = custom.render(
                Notification.of("mail", Transition.OPENED, 1, Fixtures.incident("i", 3), Fixtures.T0), "prod");
        assertThat(m.subject()).isEqualTo("prod: primary dbid 3 is down");
        assertThat(m.body()).isEqualTo("sdw1 dbid 3 content 1 port 6003\n");
    }
}
