package io.gpwarden.controller.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenSshConfigTest {

    /** The shape the test cluster's {@code env} prints, plus the wildcard and negation forms. */
    static final String FILE = """
            # ssh -F <this file> <host> <command>
            Host cdw
              HostName 127.0.1.1
              Port 2222
              User gpadmin
              IdentityFile /etc/gpwarden/id_ed25519
              IdentitiesOnly yes
              UserKnownHostsFile /etc/gpwarden/known_hosts
              StrictHostKeyChecking yes
              BatchMode yes
              ConnectTimeout 10

            Host sdw* !sdw9
              HostName=%h.example.org
              Port 2223
              IdentityFile "~/keys/sdw key"

            Host *
              User fallback
              Port 22
              IdentityFile ~/.ssh/id_ed25519
              UserKnownHostsFile ~/.ssh/known_hosts /etc/ssh/ssh_known_hosts
              StrictHostKeyChecking ask
            """;

    @Test
    void theFirstValueObtainedWinsAndIdentityFilesAddUp() {
        OpenSshConfig c = OpenSshConfig.parse("ssh_config", FILE);
        OpenSshConfig.HostEntry cdw = c.lookup("cdw");
        assertThat(cdw.hostName().orElseThrow().first()).isEqualTo("127.0.1.1");
        assertThat(cdw.port().orElseThrow().first()).isEqualTo("2222");
        assertThat(cdw.user().orElseThrow().first()).isEqualTo("gpadmin");
        assertThat(cdw.identityFiles()).extracting(OpenSshConfig.Setting::first)
                .containsExactly("/etc/gpwarden/id_ed25519", "~/.ssh/id_ed25519");
        assertThat(cdw.knownHosts().orElseThrow().values()).containsExactly("/etc/gpwarden/known_hosts");

        OpenSshConfig.HostEntry sdw1 = c.lookup("SDW1");
        assertThat(sdw1.hostName().orElseThrow().first()).isEqualTo("%h.example.org");
        assertThat(sdw1.port().orElseThrow().first()).isEqualTo("2223");
        assertThat(sdw1.user().orElseThrow().first()).isEqualTo("fallback");
        assertThat(sdw1.identityFiles().get(0).first()).isEqualTo("~/keys/sdw key");
        assertThat(sdw1.knownHosts().orElseThrow().values()).containsExactly("~/.ssh/known_hosts", "/etc/ssh/ssh_known_hosts");

        OpenSshConfig.HostEntry sdw9 = c.lookup("sdw9");
        assertThat(sdw9.hostName()).as("negated").isEmpty();
        assertThat(sdw9.port().orElseThrow().first()).isEqualTo("22");
        assertThat(sdw9.port().orElseThrow().line()).isEqualTo(20);
    }

    @Test
    void patternsMatchLikeSsh() {
        assertThat(OpenSshConfig.matches(java.util.List.of("sdw?"), "sdw1")).isTrue();
        assertThat(OpenSshConfig.matches(java.util.List.of("sdw?"), "sdw10")).isFalse();
        assertThat(OpenSshConfig.matches(java.util.List.of("*.example.org", "cdw"), "CDW")).isTrue();
        assertThat(OpenSshConfig.matches(java.util.List.of("!cdw"), "sdw1")).as("a negation alone matches nothing").isFalse();
    }

    @Test
    void tokensAndTildeExpand() {
        Map<Character, String> t = Map.of('d', "/home/gp", 'h', "127.0.1.3", 'n', "sdw1", 'r', "gpadmin", 'u', "gpw",
                'p', "22");
        assertThat(OpenSshConfig.expand("~/.ssh/%n_%r@%h:%p", t)).isEqualTo("/home/gp/.ssh/sdw1_gpadmin@127.0.1.3:22");
        assertThat(OpenSshConfig.expand("%d/100%%", t)).isEqualTo("/home/gp/100%");
    }

    @Test
    void anythingThatWouldWeakenOrRedirectTheCheckIsRefusedWithItsLine() {
        String bad = """
                Host github.com
                  StrictHostKeyChecking no
                Host sdw*
                  StrictHostKeyChecking accept-new
                  ProxyJump bastion
                  Port 99999
                Include ~/.ssh/config.d/*
                Host *
                  IdentityFile ~/.ssh/%C
                  HostKeyAlias cluster
                """;
        assertThatThrownBy(() -> OpenSshConfig.parse("ssh_config", bad))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::line, ConfigProblem::path)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(2, "StrictHostKeyChecking"),
                                org.assertj.core.groups.Tuple.tuple(4, "StrictHostKeyChecking"),
                                org.assertj.core.groups.Tuple.tuple(5, "ProxyJump"),
                                org.assertj.core.groups.Tuple.tuple(6, "Port"),
                                org.assertj.core.groups.Tuple.tuple(7, "Include"),
                                org.assertj.core.groups.Tuple.tuple(9, "IdentityFile"),
                                org.assertj.core.groups.Tuple.tuple(10, "HostKeyAlias")))
                .hasMessageContaining("ssh_config:2: StrictHostKeyChecking: no is refused: gpwarden checks every host key"
                        + " strictly against known_hosts and never accepts a new or changed key")
                .hasMessageContaining("ssh_config:4: StrictHostKeyChecking: accept-new is refused")
                .hasMessageContaining("ssh_config:9: IdentityFile: token %C is not supported");
    }

    @Test
    void aMissingFileIsAProblemNamingIt() {
        assertThatThrownBy(() -> OpenSshConfig.load(java.nio.file.Path.of("/nonexistent/ssh_config")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/nonexistent/ssh_config: OpenSSH client config not found");
    }
}
