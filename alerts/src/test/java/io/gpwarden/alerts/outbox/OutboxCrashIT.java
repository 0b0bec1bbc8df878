package io.gpwarden.alerts.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.Fixtures;
import io.gpwarden.alerts.Notification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a process in the middle of writing its outbox: every commit it reported as done
 * is there after the restart, and the journal opens (a torn last record is cut off).
 */
class OutboxCrashIT {

    /** The child process: commits forever and says which commit returned. */
    public static void main(String[] args) {
        try (FileOutbox outbox = FileOutbox.open(Path.of(args[0]), 200, 100_000)) {
            for (int i = 0; ; i++) {
                outbox.commit(Fixtures.opened("crash-" + i, 3, "mail"));
                if (i % 3 == 0) {
                    outbox.markDelivered("crash-" + i + "/1/mail");
                    System.out.println("DELIVERED crash-" + i);
                }
                System.out.println("COMMITTED crash-" + i);
                System.out.flush();
            }
        }
    }

    @Test
    void everyCommitThatReturnedSurvivesSigkill() throws Exception {
        Path dir = Files.createTempDirectory("gpwarden-outbox-crash");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OutboxCrashIT.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        List<String> committed = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("COMMITTED ")) {
                    committed.add(line.substring(10));
                } else if (line.startsWith("DELIVERED ")) {
                    delivered.add(line.substring(10));
                }
                if (committed.size() >= 600) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(committed).hasSizeGreaterThanOrEqualTo(600);
        try (FileOutbox outbox = FileOutbox.open(dir)) {
            List<String> pending = outbox.pending().stream().map(Notification::id).toList();
            for (String incident : committed) {
                String id = incident + "/1/mail";
                if (delivered.contains(incident)) {
                    assertThat(pending).as("delivered before the kill").doesNotContain(id);
                } else {
                    assertThat(pending).as("committed before the kill").contains(id);
                }
            }
            assertThat(outbox.commit(Fixtures.opened(delivered.get(0), 3, "mail"))).as("still created once").isEmpty();
        }
    }
}
