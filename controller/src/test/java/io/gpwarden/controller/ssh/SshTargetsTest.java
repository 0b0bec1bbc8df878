package io.gpwarden.controller.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.config.ConfigException;
import io.gpwarden.config.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshTargetsTest {
    @TempDir
    Path home;
    Path key;
    Path otherKey;
    Path knownHosts;
    Path sshConfig;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        key = secret(home.resolve(".ssh/id_ed25519"));
        otherKey = secret(home.resolve("sdw2_key"));
        knownHosts = Files.writeString(home.resolve("known_hosts"), "");
        sshConfig = Files.writeString(home.resolve("ssh_config"), """
                Host sdw*
                  HostName %h.cluster
                  Port 2222
                  User gpadmin
                  UserKnownHostsFile %d/known_hosts
                Host sdw2
                  IdentityFile %d/%n_key
                """);
    }

    static Path secret(Path p) throws Exception {
        Files.writeString(p, "not really a key");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    static ConfiguredPath path(String text, String key) {
        return new ConfiguredPath(text, "controller.yaml", 7, key);
    }

    SshSettings settings(Optional<ConfiguredPath> file, Map<String, SshSettings.HostOverride> hosts) {
        return new SshSettings(file, Optional.of("gpwarden"), Optional.of(2200),
                List.of(path("~/.ssh/id_ed25519", "ssh.identity_file")), Optional.empty(),
                List.of(path("$KNOWN", "ssh.known_hosts")), Duration.ofSeconds(5), 2, Duration.ofSeconds(30),
                Duration.ofMinutes(2), 1 << 20, 16, hosts);
    }

    @Test
    void aHostsEntryWinsOverTheFileWhichWinsOverTheSection() throws Exception {
        SshTargets t = SshTargets.load(settings(Optional.of(path("$GPWARDEN_SSH_CONFIG", "ssh.config_file")),
                        Map.of("sdw3", new SshSettings.HostOverride(Optional.of("10.0.0.13"), Optional.of(22),
                                Optional.empty(), List.of(), List.of()))),
                Map.of("GPWARDEN_SSH_CONFIG", sshConfig.toString(), "KNOWN", knownHosts.toString()), home, "gpw");

        SshTarget sdw1 = t.target("sdw1");
        assertThat(sdw1).isEqualTo(new SshTarget("sdw1", "sdw1.cluster", 2222, "gpadmin", List.of(key),
                List.of(home.resolve("known_hosts"))));
        assertThat(t.target("sdw2").identities()).as("IdentityFile with %n").containsExactly(otherKey);

        SshTarget sdw3 = t.target("sdw3");
        assertThat(sdw3.destination()).isEqualTo("10.0.0.13");
        assertThat(sdw3.port()).isEqualTo(22);
        assertThat(sdw3.user()).as("the file says so for sdw*").isEqualTo("gpadmin");

        SshTarget cdw = t.target("cdw");
        assertThat(cdw).as("no Host block: the section's values")
                .isEqualTo(new SshTarget("cdw", "cdw", 2200, "gpwarden", List.of(key), List.of(knownHosts)));
        assertThat(cdw.describe()).isEqualTo("gpwarden@cdw:2200");
    }

    @Test
    void withoutAnyIdentityTheOpenSshDefaultsThatExistAreUsed() throws Exception {
        SshSettings s = new SshSettings(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                List.of(), Duration.ofSeconds(5), 2, Duration.ofSeconds(30), Duration.ofMinutes(2), 1 << 20, 16, Map.of());
        SshTarget t = SshTargets.load(s, Map.of(), home, "gpw").target("sdw1");
        assertThat(t).isEqualTo(new SshTarget("sdw1", "sdw1", 22, "gpadmin", List.of(key),
                List.of(home.resolve(".ssh/known_hosts"))));

        Files.delete(key);
        assertThatThrownBy(() -> SshTargets.load(s, Map.of(), home, "gpw").target("sdw1"))
                .isInstanceOfSatisfying(HostShellException.class, e ->
                        assertThat(e.failure()).isEqualTo(HostShellException.Failure.LOGIN_REJECTED))
                .hasMessageContaining("no usable identity file");
    }

    @Test
    void everyFileProblemIsReportedAtOnceWithItsKey() throws Exception {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        SshSettings s = new SshSettings(Optional.of(path("$NOT_SET", "ssh.config_file")), Optional.empty(),
                Optional.empty(), List.of(path("~/.ssh/id_ed25519", "ssh.identity_file")),
                Optional.of(new SecretRef(SecretRef.Kind.ENV, "NO_PASSPHRASE", "controller.yaml", 9, "ssh.identity_passphrase")),
                List.of(path("/nonexistent/known_hosts", "ssh.known_hosts")), Duration.ofSeconds(5), 2,
                Duration.ofSeconds(30), Duration.ofMinutes(2), 1 << 20, 16, Map.of());
        assertThatThrownBy(() -> SshTargets.load(s, Map.of(), home, "gpw"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessageContaining("controller.yaml:7: ssh.config_file: environment variable NOT_SET is not set")
                .hasMessageContaining("controller.yaml:7: ssh.identity_file: identity file " + key
                        + " is accessible by group or others; chmod 600 it")
                .hasMessageContaining("controller.yaml:7: ssh.known_hosts: known_hosts file /nonexistent/known_hosts"
                        + " does not exist (gpwarden never creates or adds to it")
                .hasMessageContaining("controller.yaml:9: ssh.identity_passphrase: environment variable NO_PASSPHRASE is not set");
    }

    @Test
    void pathsInTheConfigFileThatNeedNoHostAreCheckedWhenLoading() throws Exception {
        Path file = Files.writeString(home.resolve("bad_config"), """
                Host *
                  IdentityFile /nonexistent/id_rsa
                  UserKnownHostsFile /nonexistent/known_hosts_%h
                """);
        SshSettings s = settings(Optional.of(path(file.toString(), "ssh.config_file")), Map.of());
        assertThatThrownBy(() -> SshTargets.load(s, Map.of("KNOWN", knownHosts.toString()), home, "gpw"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":2: IdentityFile: identity file /nonexistent/id_rsa does not exist");
    }
}
