package io.gpwarden.testcluster.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a launcher leaves behind when nobody closes it (shared test servers): at JVM exit the hook
 * stops it and deletes its directory; if the stop fails, the files stay for the post-mortem.
 */
class LauncherCleanupTest {

    /** A JVM that creates a launcher's directory and exits without closing it. */
    public static final class ExitWithoutClose {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("data/file"), "x");
            boolean stopFails = args[1].equals("fail");
            new LauncherCleanup("test launcher", () -> {
                if (stopFails) {
                    throw new java.io.IOException("the server would not stop");
                }
            }, true, dir);
        }
    }

    private static int runChild(Path dir, String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                ExitWithoutClose.class.getName(), dir.toString(), mode)).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void theShutdownHookStopsAndDeletesTheDirectory() throws Exception {
        Path dir = Files.createTempDirectory("gpwarden-cleanup-test-").resolve("launcher");
        assertThat(runChild(dir, "ok")).isZero();
        assertThat(dir).doesNotExist();
        Files.deleteIfExists(dir.getParent());
    }

    @Test
    void aStopThatFailsKeepsTheFiles() throws Exception {
        Path dir = Files.createTempDirectory("gpwarden-cleanup-test-").resolve("launcher");
        assertThat(runChild(dir, "fail")).isZero();
        assertThat(dir.resolve("data/file")).exists();
        ExternalCommand.run(List.of("rm", "-rf", dir.getParent().toString()), java.time.Duration.ofSeconds(30));
    }
}
