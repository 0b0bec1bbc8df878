package io.gpwarden.alerts.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.alerts.Fixtures;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.incident.Decision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOutboxTest {

    @TempDir
    Path dir;

    @Test
    void pendingNotificationsAndIncidentsSurviveAReopen() {
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            List<Notification> accepted = outbox.commit(Fixtures.opened("inc-1", 3, "mail", "snmp"));
            assertThat(accepted).hasSize(2);
            outbox.markDelivered("inc-1/1/mail");
        }
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            assertThat(outbox.pending()).extracting(Notification::id).containsExactly("inc-1/1/snmp");
            assertThat(outbox.incidents()).extracting(s -> s.incident().id()).containsExactly("inc-1");
            assertThat(outbox.pending().get(0).incident().where().dbid()).isEqualTo(3);
        }
    }

    @Test
    void aNotificationIsCreatedOnceEvenWhenCommittedAgain() {
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            outbox.commit(Fixtures.opened("inc-1", 3, "mail"));
            outbox.markDelivered("inc-1/1/mail");
            assertThat(outbox.commit(Fixtures.opened("inc-1", 3, "mail"))).isEmpty();
            assertThat(outbox.pending()).isEmpty();
        }
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            assertThat(outbox.commit(Fixtures.opened("inc-1", 3, "mail", "snmp")))
                    .extracting(Notification::id).containsExactly("inc-1/1/snmp");
        }
    }

    @Test
    void forgottenIncidentsAreGoneAfterReopen() {
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            outbox.commit(Fixtures.opened("inc-1", 3, "mail"));
            outbox.commit(new Decision(List.of(), List.of("segment/dbid=3"), List.of()));
        }
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            assertThat(outbox.incidents()).isEmpty();
            assertThat(outbox.pending()).hasSize(1);
        }
    }

    @Test
    void aTornLastLineIsDroppedAndCutOff() throws Exception {
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            outbox.commit(Fixtures.opened("inc-1", 3, "mail"));
        }
        Path journal = dir.resolve(FileOutbox.JOURNAL);
        long goodSize = Files.size(journal);
        Files.writeString(journal, "0badc0de {\"type\":\"deliv", StandardOpenOption.APPEND);
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            assertThat(outbox.pending()).hasSize(1);
            outbox.markDelivered("inc-1/1/mail");
        }
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            assertThat(outbox.pending()).isEmpty();
        }
        assertThat(Files.size(journal)).isGreaterThan(goodSize);
    }

    @Test
    void damageInTheMiddleFailsNamingFileAndLine() throws Exception {
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            outbox.commit(Fixtures.opened("inc-1", 3, "mail"));
            outbox.commit(Fixtures.opened("inc-2", 4, "mail"));
        }
        Path journal = dir.resolve(FileOutbox.JOURNAL);
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        lines.set(0, lines.get(0).replace("sdw1", "sdw9"));
        Files.write(journal, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FileOutbox.open(dir))
                .isInstanceOf(OutboxException.class)
                .hasMessageContaining(journal.toString())
                .hasMessageContaining("line 1");
        // The lock was released: after a repair the directory opens again.
        Files.write(journal, lines.subList(1, 2), StandardCharsets.UTF_8);
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            assertThat(outbox.pending()).extracting(Notification::id).containsExactly("inc-2/1/mail");
        }
    }

    @Test
    @SuppressWarnings("try")
    void secondOpenOfTheSameDirectoryIsRefused() {
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            assertThatThrownBy(() -> FileOutbox.open(dir)).isInstanceOf(OutboxException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void compactionKeepsStateAndShrinksTheJournal() throws Exception {
        Path journal = dir.resolve(FileOutbox.JOURNAL);
        try (FileOutbox outbox = FileOutbox.open(dir, 50, 1000)) {
            for (int i = 1; i <= 200; i++) {
                outbox.commit(Fixtures.opened("inc-" + i, 3, "mail"));
                if (i != 7) {
                    outbox.markDelivered("inc-" + i + "/1/mail");
                }
            }
            assertThat(Files.readAllLines(journal).size()).isLessThan(60);
        }
        try (FileOutbox outbox = FileOutbox.open(dir, 50, 1000)) {
            assertThat(outbox.pending()).extracting(Notification::id).containsExactly("inc-7/1/mail");
            assertThat(outbox.commit(Fixtures.opened("inc-100", 3, "mail"))).as("remembered as delivered")
                    .isEmpty();
            assertThat(outbox.incidents()).hasSize(1);
        }
    }
}
