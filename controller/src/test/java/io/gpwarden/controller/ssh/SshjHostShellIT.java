package io.gpwarden.controller.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.controller.ssh.HostShellException.Failure;
import io.gpwarden.testcluster.process.FreePorts;
import io.gpwarden.testcluster.process.OsAccount;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.ssh.HostSshd;
import io.gpwarden.testcluster.ssh.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SshjHostShell} against two real OpenSSH servers (Debian's sshd, each with its own host
 * key, on 127.0.0.1 and free ports): what runs, what is refused and why, and how long each
 * failure takes. sshd's own log is the witness for "nothing ran": it records every accepted
 * login.
 */
class SshjHostShellIT {
    static Path dir;
    static ProcessLedger ledger;
    static Path clientKey;
    static Path strangerKey;
    static Path knownHosts;
    static Server alpha;
    static Server beta;

    record Server(String name, int port, long pid, Path log, Path hostKey, String publicKey) {
        int accepted() throws Exception {
            Matcher m = Pattern.compile("Accepted publickey").matcher(Files.readString(log));
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        // Readable by the login account: sshd reads authorized_keys with its rights.
        dir = Files.createTempDirectory(Path.of("/tmp"), "gpwarden-sshj-it-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ledger = new ProcessLedger(dir.resolve("ledger"));
        clientKey = dir.resolve("client/id_ed25519");
        String clientPublic = SshKeys.generate(clientKey, "gpwarden-it");
        strangerKey = dir.resolve("stranger/id_ed25519");
        SshKeys.generate(strangerKey, "not authorized");
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, clientPublic + " gpwarden-it\n");
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
        alpha = server("alpha", authorized);
        beta = server("beta", authorized);
        knownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + alpha.port() + " " + alpha.publicKey()
                + "\n[127.0.0.1]:" + beta.port() + " " + beta.publicKey() + "\n");
    }

    static Server server(String name, Path authorized) throws Exception {
        OsAccount account = OsAccount.forThisJvm();
        int port = new FreePorts().pick();
        Path log = dir.resolve("sshd-" + name + ".log");
        HostSshd sshd = new HostSshd(name, "127.0.0.1", port, dir.resolve(name), log);
        String publicKey = sshd.prepare(account.name(), account.switchUser(), authorized, Map.of("GPWARDEN_HOST", name));
        long pid = sshd.start(ledger);
        return new Server(name, port, pid, log, sshd.hostKey(), publicKey);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ledger != null) {
            ledger.stopAll(Duration.ofSeconds(5));
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static SshSettings settings(Path identity, Path known, Duration connectTimeout, int retries, Duration idleClose,
                                long maxOutput, int betaPort) {
        ConfiguredPath key = new ConfiguredPath(identity.toString(), "it", 1, "ssh.identity_file");
        ConfiguredPath kh = new ConfiguredPath(known.toString(), "it", 1, "ssh.known_hosts");
        return new SshSettings(Optional.empty(), Optional.of(OsAccount.forThisJvm().name()), Optional.empty(), List.of(key),
                Optional.empty(), List.of(kh), connectTimeout, retries, Duration.ofSeconds(30), idleClose, maxOutput, 4,
                Map.of("alpha", new SshSettings.HostOverride(Optional.of("127.0.0.1"), Optional.of(alpha.port()),
                                Optional.empty(), List.of(), List.of()),
                        "beta", new SshSettings.HostOverride(Optional.of("127.0.0.1"), Optional.of(betaPort),
                                Optional.empty(), List.of(), List.of())));
    }

    static SshjHostShell shell(SshSettings s) {
        return new SshjHostShell(SshTargets.load(s));
    }

    static SshSettings defaults() {
        return settings(clientKey, knownHosts, Duration.ofSeconds(5), 2, Duration.ofMinutes(2), 1 << 20, beta.port());
    }

    static HostShellException failure(SshjHostShell shell, String host, String command) {
        try {
            shell.run(host, command, Duration.ofSeconds(10));
        } catch (HostShellException e) {
            return e;
        }
        throw new AssertionError(command + " on " + host + " should have failed");
    }

    @Test
    void aCommandReturnsItsOutputAndExitStatusAndLaterOnesReuseTheConnection() throws Exception {
        int before = alpha.accepted();
        try (SshjHostShell shell = shell(defaults())) {
            CommandResult r = shell.run("alpha", "echo \"hello from $GPWARDEN_HOST\"; echo oops >&2; exit 3",
                    Duration.ofSeconds(10));
            assertThat(r.exitStatus()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("hello from alpha\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
            assertThat(r.truncated()).isFalse();
            assertThat(r.failureLine()).isEqualTo("oops (exit 3)");

            CommandResult df = shell.run("alpha", DfCommand.forDirectories(List.of("/", "/nonexistent-gpwarden")),
                    Duration.ofSeconds(10));
            DfCommand.Parsed parsed = DfCommand.parse(List.of("/", "/nonexistent-gpwarden"), df.stdout());
            assertThat(parsed.fileSystems().get("/").sizeKb()).isPositive();
            assertThat(parsed.fileSystems().get("/").mountedOn()).isEqualTo("/");
            assertThat(parsed.errors().get("/nonexistent-gpwarden")).contains("No such file or directory");

            assertThat(shell.openConnections()).isEqualTo(1);
            assertThat(alpha.accepted() - before).as("one login for both commands").isEqualTo(1);
        }
    }

    @Test
    void outputBeyondTheCapIsDroppedAndSaidSo() throws Exception {
        SshSettings capped = settings(clientKey, knownHosts, Duration.ofSeconds(5), 2, Duration.ofMinutes(2), 4096,
                beta.port());
        try (SshjHostShell shell = shell(capped)) {
            CommandResult r = shell.run("alpha", "head -c 200000 /dev/zero | tr '\\0' x", Duration.ofSeconds(10));
            assertThat(r.exitStatus()).isZero();
            assertThat(r.stdout()).hasSize(4096).matches("x+");
            assertThat(r.truncated()).isTrue();
        }
    }

    @Test
    void aCommandPastItsTimeoutIsAbandonedAndTheHostStaysUsable() throws Exception {
        try (SshjHostShell shell = shell(defaults())) {
            shell.run("alpha", "true", Duration.ofSeconds(10));
            long start = System.nanoTime();
            // an unusual duration, so the process is recognisable among everyone else's
            assertThatThrownBy(() -> shell.run("alpha", "exec sleep 37.125", Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(HostShellException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.TIMED_OUT);
                        assertThat(e.failure().commandDidNotRun()).isFalse();
                    })
                    .hasMessageContaining("exec did not finish within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sleeping() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sleeping()).as("the abandoned command was killed").isFalse();
            assertThat(shell.run("alpha", "echo still here", Duration.ofSeconds(10)).stdout()).isEqualTo("still here\n");
        }
    }

    @Test
    void aHostKeyOtherThanKnownHostsListsIsRefusedBeforeLoggingIn() throws Exception {
        // known_hosts vouches for beta's key under alpha's address: alpha's real key does not match.
        Path wrong = Files.writeString(dir.resolve("known_hosts_wrong"), "[127.0.0.1]:" + alpha.port() + " "
                + beta.publicKey() + "\n");
        int before = alpha.accepted();
        try (SshjHostShell shell = shell(settings(clientKey, wrong, Duration.ofSeconds(5), 2, Duration.ofMinutes(2),
                1 << 20, beta.port()))) {
            long start = System.nanoTime();
            HostShellException e = failure(shell, "alpha", "touch " + dir.resolve("alpha-ran"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not retried").isLessThan(Duration.ofSeconds(2));
            assertThat(e.failure()).isEqualTo(Failure.HOST_KEY_MISMATCH);
            assertThat(e.failure().isSecurityProblem()).isTrue();
            assertThat(e.presentedKey()).contains("ssh-ed25519 " + fingerprint(alpha.hostKey()));
            assertThat(e.getMessage()).startsWith("alpha: host key mismatch: 127.0.0.1:" + alpha.port() + " presented ssh-ed25519 SHA256:")
                    .contains("lists another key for it: refused before logging in, nothing ran");
        }
        assertThat(alpha.accepted()).as("no login on alpha").isEqualTo(before);
        assertThat(dir.resolve("alpha-ran")).doesNotExist();

        Path empty = Files.writeString(dir.resolve("known_hosts_empty"), "# nobody\n");
        try (SshjHostShell shell = shell(settings(clientKey, empty, Duration.ofSeconds(5), 2, Duration.ofMinutes(2),
                1 << 20, beta.port()))) {
            HostShellException e = failure(shell, "beta", "true");
            assertThat(e.failure()).isEqualTo(Failure.HOST_KEY_UNKNOWN);
            assertThat(e.getMessage()).contains("does not list for it: refused before logging in, nothing ran");
        }
    }

    @Test
    void aKeyTheHostDoesNotAcceptIsALoginRejection() throws Exception {
        try (SshjHostShell shell = shell(settings(strangerKey, knownHosts, Duration.ofSeconds(5), 2, Duration.ofMinutes(2),
                1 << 20, beta.port()))) {
            HostShellException e = failure(shell, "alpha", "true");
            assertThat(e.failure()).isEqualTo(Failure.LOGIN_REJECTED);
            assertThat(e.getMessage()).contains("accepted none of the keys [" + strangerKey + "]")
                    .doesNotContain("BEGIN OPENSSH PRIVATE KEY");
        }
    }

    @Test
    void aPortNobodyListensOnIsUnreachableAfterBoundedRetries() throws Exception {
        int closedPort = new FreePorts().pick();
        try (SshjHostShell shell = shell(settings(clientKey, knownHosts, Duration.ofSeconds(5), 2, Duration.ofMinutes(2),
                1 << 20, closedPort))) {
            long start = System.nanoTime();
            HostShellException e = failure(shell, "beta", "true");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
            assertThat(e.failure().commandDidNotRun()).isTrue();
            assertThat(e.getMessage()).contains("connection refused");
            // three attempts, 0.5 s and 1 s apart
            assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(4));
        }
    }

    @Test
    void aFrozenSshdIsUnreachableWithinTheConnectTimeoutAndDelaysNoOtherHost() throws Exception {
        try (SshjHostShell shell = shell(settings(clientKey, knownHosts, Duration.ofSeconds(1), 0, Duration.ofMinutes(2),
                1 << 20, beta.port()))) {
            shell.run("alpha", "true", Duration.ofSeconds(10));
            signal("STOP", beta.pid());
            try {
                long start = System.nanoTime();
                CompletableFuture<HostShellException> frozen = CompletableFuture.supplyAsync(() -> failure(shell, "beta", "true"));
                Thread.sleep(100);
                long alphaStart = System.nanoTime();
                assertThat(shell.run("alpha", "echo fine", Duration.ofSeconds(5)).stdout()).isEqualTo("fine\n");
                Duration alphaTook = Duration.ofNanos(System.nanoTime() - alphaStart);
                HostShellException e = frozen.get();
                Duration frozenTook = Duration.ofNanos(System.nanoTime() - start);
                assertThat(alphaTook).as("alpha while beta hangs").isLessThan(Duration.ofMillis(500));
                assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
                assertThat(e.getMessage()).contains("no SSH session within 1000 ms");
                assertThat(frozenTook).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
            } finally {
                signal("CONT", beta.pid());
            }
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (SshjHostShell shell = shell(settings(clientKey, knownHosts, Duration.ofSeconds(5), 2, Duration.ofMillis(500),
                1 << 20, beta.port()))) {
            shell.run("beta", "true", Duration.ofSeconds(10));
            assertThat(shell.openConnections()).isEqualTo(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (shell.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(shell.openConnections()).isZero();
            // and the next command simply connects again
            assertThat(shell.run("beta", "echo again", Duration.ofSeconds(10)).stdout()).isEqualTo("again\n");
        }
    }

    static boolean sleeping() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 37.125"));
    }

    static String fingerprint(Path hostKey) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-lf", hostKey + ".pub").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out.split("\\s+")[1];
    }

    static void signal(String signal, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}
