package io.gpwarden.testcluster.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A power cut on small real process trees (a shell with two sleeps; about 50 ms each): the tree
 * goes down at once, a process that left the session survives when the membership says so, and
 * nothing is signalled when the marker does not match.
 */
class PowerCutTest {
    private static final PowerCut.Membership SAME_SESSION = (parent, child) -> child.session() == parent.session();

    private Process shell;
    private String marker;
    /** The setsid'd child: a handle taken while it was ours (it checks the start time, so never hits a reused PID). */
    private ProcessHandle daemon;

    /** sh (marked) with two children: {@code sleep 600} in its session and {@code setsid sleep 601} in its own. */
    private List<Long> startTree() throws Exception {
        marker = "gpwarden-power-cut-test-" + System.nanoTime();
        shell = new ProcessBuilder("sh", "-c", "sleep 600 & setsid sleep 601 & wait", marker).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> inSession = child("600");
            Optional<Long> own = child("601");
            if (inSession.isPresent() && own.isPresent()
                    && ProcStat.read(own.get()).map(s -> s.session() == own.get()).orElse(false)) {
                daemon = ProcessHandle.of(own.get()).orElseThrow();
                return List.of(inSession.get(), own.get());
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the test's process tree did not start");
    }

    private Optional<Long> child(String seconds) {
        return shell.children().map(ProcessHandle::pid)
                .filter(p -> ProcessTable.arguments(p).map(a -> a.equals(List.of("sleep", seconds))).orElse(false))
                .findFirst();
    }

    /** Kills what this test started and a cut may have left: the shell's tree as it is now, and the daemon. */
    @AfterEach
    void cleanUp() {
        if (shell != null) {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
        if (daemon != null) {
            daemon.destroyForcibly();
        }
    }

    @Test
    void theWholeSessionDiesAtOnceAndADaemonThatLeftItSurvives() throws Exception {
        List<Long> children = startTree();
        long inSession = children.get(0);
        long leftTheSession = children.get(1);

        PowerCut cut = new PowerCut();
        assertThat(cut.freeze(shell.pid(), marker, SAME_SESSION)).isTrue();
        assertThat(ProcStat.read(shell.pid()).orElseThrow().state()).isEqualTo('T');
        assertThat(ProcStat.read(inSession).orElseThrow().state()).isEqualTo('T');
        assertThat(ProcStat.read(leftTheSession).orElseThrow().isHalted()).isFalse();
        List<Long> killed = cut.kill();

        assertThat(killed).containsExactlyInAnyOrder(shell.pid(), inSession);
        for (long pid : killed) {
            assertThat(ProcessTable.awaitExit(pid, Duration.ofSeconds(10))).isTrue();
        }
        assertThat(ProcessTable.isRunning(leftTheSession)).isTrue();
    }

    @Test
    void membershipAllTakesEveryDescendant() throws Exception {
        List<Long> children = startTree();
        PowerCut cut = new PowerCut();
        assertThat(cut.freeze(shell.pid(), marker, PowerCut.Membership.ALL)).isTrue();
        assertThat(cut.kill()).containsExactlyInAnyOrder(shell.pid(), children.get(0), children.get(1));
        for (long pid : children) {
            assertThat(ProcessTable.awaitExit(pid, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aRootThatDoesNotCarryTheMarkerIsNotTouched() throws Exception {
        List<Long> children = startTree();
        PowerCut cut = new PowerCut();
        assertThat(cut.freeze(shell.pid(), marker + "-other", PowerCut.Membership.ALL)).isFalse();
        assertThat(cut.kill()).isEmpty();
        assertThat(ProcStat.read(shell.pid()).orElseThrow().isHalted()).isFalse();
        assertThat(children).allMatch(ProcessTable::isRunning);
    }

    @Test
    void statLinesWithParenthesesInTheNameParse() {
        ProcStat s = ProcStat.parse("4242 (my (odd) name) S 17 4242 4000 0 -1 4194560 100 0 0 0");
        assertThat(s).isEqualTo(new ProcStat(4242, "my (odd) name", 'S', 17, 4000));
        assertThat(s.isHalted()).isFalse();
        assertThat(ProcStat.parse("1 (sshd) T 0 1 1 0").isHalted()).isTrue();
    }
}
