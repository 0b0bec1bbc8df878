package io.gpwarden.testcluster.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessTableTest {
    @Test
    void aMarkerMatchesWholeWordsOnlySoGpseg1IsNotGpseg10() {
        String title = "sshd: /usr/sbin/sshd -D -f /c/ssh/hosts/sdw1/sshd_config -E /c/logs/x [listener]";
        assertThat(ProcessTable.containsWord(title, "/c/ssh/hosts/sdw1/sshd_config")).isTrue();
        assertThat(ProcessTable.containsWord("postgres -D /d/gpseg10", "/d/gpseg1")).isFalse();
        assertThat(ProcessTable.containsWord("/d/gpseg1", "/d/gpseg1")).isTrue();
    }

    @Test
    void ownProcessIsRunningAndMatchesItsArguments() {
        long me = ProcessHandle.current().pid();
        assertThat(ProcessTable.isRunning(me)).isTrue();
        assertThat(ProcessTable.arguments(me)).get().asList().isNotEmpty();
        assertThat(ProcessTable.matches(me, "no-such-argument-" + System.nanoTime())).isFalse();
    }
}
