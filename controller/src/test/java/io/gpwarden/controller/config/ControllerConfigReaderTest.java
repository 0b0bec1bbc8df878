package io.gpwarden.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigProblem;
import io.gpwarden.config.SecretRef;
import io.gpwarden.config.YamlDocuments;
import java.nio.file.Path;
import io.gpwarden.controller.ssh.ConfiguredPath;
import io.gpwarden.controller.ssh.SshSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControllerConfigReaderTest {

    private static ControllerConfig parse(String text) {
        return ControllerConfigReader.parse(Path.of("controller.yaml"), YamlDocuments.parse("controller.yaml", text));
    }

    private static ConfigException problems(String text) {
        try {
            parse(text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    @Test
    void aMinimalFileTakesTheDocumentedDefaults() {
        ControllerConfig c = parse("""
                cluster:
                  name: prod
                  coordinator: {host: cdw}
                """);
        assertThat(c.cluster().coordinator()).isEqualTo(new Endpoint("cdw", 5432));
        assertThat(c.cluster().standby()).isEmpty();
        assertThat(c.cluster().user()).isEqualTo("gpadmin");
        assertThat(c.cluster().password()).isEmpty();
        assertThat(c.cluster().segmentUtilityMode()).isTrue();
        assertThat(c.probes()).isEqualTo(new ProbeSettings(Duration.ofSeconds(1), Duration.ofMillis(800), 3, Duration.ofSeconds(30)));
        assertThat(c.catalog()).isEqualTo(new PollSettings(Duration.ofSeconds(3), Duration.ofSeconds(2)));
        assertThat(c.disk().poll().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.disk().warningPercent()).isEqualTo(70);
        assertThat(c.disk().criticalPercent()).isEqualTo(90);
        assertThat(c.http()).isEqualTo(new HttpSettings(true, "127.0.0.1", 9470));
        assertThat(c.stateDirectory()).isEqualTo(Path.of("/var/lib/gpwarden/prod"));
        assertThat(c.alerts()).isEmpty();
    }

    @Test
    void readsEverySection() {
        ControllerConfig c = parse("""
                cluster:
                  name: prod-1
                  master: {host: mdw, port: 15432}
                  standby: {host: smdw, port: 15432}
                  database: ops
                  user: monitor
                  password: env:GPWARDEN_DB_PASSWORD
                  ssl_mode: verify-full
                  segment_utility_mode: false
                probes: {interval: 2s, timeout: 1500ms, confirmations: 2, not_serving_after: 2m}
                catalog: {interval: 5s, timeout: 4s}
                disk:
                  interval: 10m
                  timeout: 2m
                  warning_percent: 75
                  critical_percent: 92.5
                  hysteresis_percent: 3
                  forecast_horizon: 12h
                  forecast_window: 3h
                  capacity_table: gpwarden.disk_capacity
                standby_replication: {max_lag: 16MB}
                http: {bind: 0.0.0.0, port: 0}
                state_directory: /tmp/gpw
                alerts:
                  channels:
                    traps: {type: snmp, host: 127.0.0.1, version: v2c, community: env:C, pdu: trap}
                """);
        assertThat(c.cluster().coordinator()).isEqualTo(new Endpoint("mdw", 15432));
        assertThat(c.cluster().standby()).contains(new Endpoint("smdw", 15432));
        assertThat(c.cluster().password()).map(SecretRef::kind).contains(SecretRef.Kind.ENV);
        assertThat(c.cluster().sslMode()).isEqualTo("verify-full");
        assertThat(c.cluster().segmentUtilityMode()).isFalse();
        assertThat(c.probes().worstCaseDetection()).isEqualTo(Duration.ofMillis(5500));
        assertThat(c.probes().notServingAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.disk().criticalPercent()).isEqualTo(92.5);
        assertThat(c.disk().forecastHorizon()).isEqualTo(Duration.ofHours(12));
        assertThat(c.disk().capacityTable()).map(QualifiedName::quoted).contains("\"gpwarden\".\"disk_capacity\"");
        assertThat(c.standby().maxLagBytes()).isEqualTo(16L << 20);
        assertThat(c.http()).isEqualTo(new HttpSettings(true, "0.0.0.0", 0));
        assertThat(c.alerts()).isPresent();
    }

    @Test
    void unknownKeysWrongTypesAndMissingFieldsAreNamedWithFileLineAndKeyPath() {
        ConfigException e = problems("""
                cluster:
                  coordinator: {host: cdw, port: high}
                  pasword: env:PW
                probes:
                  interval: soon
                  confirmation: 3
                """);
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "controller.yaml:2:3: cluster.name: required key is missing",
                "controller.yaml:2:34: cluster.coordinator.port: expected an integer, got \"high\"",
                "controller.yaml:3: cluster.pasword: unknown key 'pasword'; known keys here: name, coordinator,"
                        + " master, standby, database, user, password, ssl_mode, segment_utility_mode",
                "controller.yaml:5:13: probes.interval: expected a duration such as 500ms, 30s, 5m or 2h, got \"soon\"",
                "controller.yaml:6: probes.confirmation: unknown key 'confirmation'; known keys here: interval,"
                        + " timeout, confirmations, not_serving_after");
    }

    @Test
    void aPasswordWrittenInTheFileIsRefusedWithoutEchoingIt() {
        ConfigException e = problems("""
                cluster:
                  name: prod
                  coordinator: {host: cdw}
                  password: hunter2
                """);
        assertThat(e).hasMessageContaining("controller.yaml:4:13: cluster.password: write secrets by reference")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void coordinatorAndMasterTogetherAreAmbiguous() {
        assertThat(problems("""
                cluster:
                  name: prod
                  coordinator: {host: cdw}
                  master: {host: mdw}
                """)).hasMessageContaining("controller.yaml:4:11: cluster.master: give either 'coordinator'");
        assertThat(problems("""
                cluster:
                  name: prod
                """)).hasMessageContaining("cluster.coordinator: required key is missing");
    }

    @Test
    void timingsAreCheckedTogether() {
        ConfigException e = problems("""
                cluster: {name: prod, coordinator: {host: cdw}}
                probes: {interval: 1s, timeout: 2s}
                catalog: {interval: 500ms, timeout: 400ms}
                disk: {interval: 2m, timeout: 3m, forecast_window: 5m}
                """);
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "controller.yaml:2:33: probes.timeout: 2s must be at least 200ms shorter than probes.interval (1s):"
                        + " a round must end before the next one is due",
                "controller.yaml:3:21: catalog.interval: 500ms must not be shorter than probes.interval (1s)",
                "controller.yaml:4:31: disk.timeout: 3m must be shorter than disk.interval (2m)",
                "controller.yaml:4:52: disk.forecast_window: 5m must cover at least three disk readings (6m)");
    }

    @Test
    void diskThresholdsMustBeOrdered() {
        ConfigException e = problems("""
                cluster: {name: prod, coordinator: {host: cdw}}
                disk: {warning_percent: 95, critical_percent: 90, interval: 1x}
                """);
        assertThat(e).hasMessageContaining("disk.warning_percent: warning_percent (95.0) must not exceed critical_percent (90.0)")
                .hasMessageContaining("disk.interval: expected a duration");
        assertThat(problems("""
                cluster: {name: prod, coordinator: {host: cdw}}
                disk: {warning_percent: 20, hysteresis_percent: 30}
                """)).hasMessageContaining("disk.hysteresis_percent: hysteresis_percent (30.0) must be below warning_percent (20.0)");
    }

    @Test
    void theCapacityTableMustBeAPlainName() {
        assertThat(problems("""
                cluster: {name: prod, coordinator: {host: cdw}}
                disk: {capacity_table: "x; drop table y"}
                """)).hasMessageContaining(
                        "controller.yaml:2:24: disk.capacity_table: not a plain SQL identifier: 'x; drop table y'");
        assertThat(problems("""
                cluster: {name: prod, coordinator: {host: cdw}}
                disk: {capacity_table: "gpwarden.\\"cap\\""}
                """)).hasMessageContaining("disk.capacity_table: not a plain SQL identifier");
    }

    @Test
    void clusterNamesStayPlain() {
        assertThat(problems("""
                cluster: {name: "prod cluster; rm", coordinator: {host: cdw}}
                """)).hasMessageContaining("cluster.name: use letters, digits");
    }

    @Test
    void theSshSectionReadsEveryKeyAndLeavesFilesForLater() {
        ControllerConfig c = parse("""
                cluster: {name: prod, coordinator: {host: cdw}}
                ssh:
                  config_file: $GPWARDEN_SSH_CONFIG
                  user: gpadmin
                  port: 2222
                  identity_file: [~/.ssh/id_ed25519, /etc/gpwarden/id_rsa]
                  identity_passphrase: env:GPWARDEN_SSH_PASSPHRASE
                  known_hosts: /etc/gpwarden/known_hosts
                  connect_timeout: 3s
                  connect_retries: 1
                  command_timeout: 20s
                  idle_close: 5m
                  max_output: 64kB
                  max_parallel: 8
                  hosts:
                    sdw1: {address: 10.0.0.11, port: 22, user: admin, identity_file: /k/sdw1, known_hosts: /k/kh}
                disk: {capacity_refresh_reads: 6}
                """);
        SshSettings s = c.ssh().orElseThrow();
        assertThat(s.configFile()).map(ConfiguredPath::text).contains("$GPWARDEN_SSH_CONFIG");
        assertThat(s.configFile().get().line()).isEqualTo(3);
        assertThat(s.user()).contains("gpadmin");
        assertThat(s.port()).contains(2222);
        assertThat(s.identityFiles()).extracting(ConfiguredPath::text).containsExactly("~/.ssh/id_ed25519", "/etc/gpwarden/id_rsa");
        assertThat(s.identityPassphrase()).map(SecretRef::toString).contains("env:GPWARDEN_SSH_PASSPHRASE");
        assertThat(s.knownHosts()).extracting(ConfiguredPath::key).containsExactly("ssh.known_hosts");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.connectRetries()).isEqualTo(1);
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.idleClose()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxOutputBytes()).isEqualTo(64 << 10);
        assertThat(s.maxParallel()).isEqualTo(8);
        SshSettings.HostOverride sdw1 = s.hosts().get("sdw1");
        assertThat(sdw1.address()).contains("10.0.0.11");
        assertThat(sdw1.user()).contains("admin");
        assertThat(sdw1.identityFiles()).extracting(ConfiguredPath::key).containsExactly("ssh.hosts.sdw1.identity_file");
        assertThat(c.disk().capacityRefreshReads()).isEqualTo(6);
        assertThat(c.sizesOverSsh()).isTrue();
    }

    @Test
    void withoutAnSshSectionOrWithACapacityTableSizesDoNotComeOverSsh() {
        ControllerConfig none = parse("""
                cluster: {name: prod, coordinator: {host: cdw}}
                """);
        assertThat(none.ssh()).isEmpty();
        assertThat(none.sizesOverSsh()).isFalse();
        assertThat(none.disk().capacityRefreshReads()).isEqualTo(12);
        ControllerConfig both = parse("""
                cluster: {name: prod, coordinator: {host: cdw}}
                ssh: {}
                disk: {capacity_table: gpwarden.disk_capacity}
                """);
        assertThat(both.ssh().orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(both.sizesOverSsh()).as("the capacity table wins").isFalse();
    }

    @Test
    void sshProblemsAreNamedWithFileLineAndKeyPath() {
        ConfigException e = problems("""
                cluster: {name: prod, coordinator: {host: cdw}}
                ssh:
                  identity_file: id_rsa
                  known_hosts: [/etc/kh, {file: x}]
                  user: "root; rm -rf"
                  connect_timeout: 5s
                  connect_retries: 9
                  identity_passphrase: hunter2
                  strict_host_key_checking: no
                  hosts:
                    "bad host": {adress: 10.0.0.1}
                """);
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "controller.yaml:3:18: ssh.identity_file: use an absolute file name (or ~/..., or $VARIABLE): the"
                        + " controller may run from any directory, got \"id_rsa\"",
                "controller.yaml:4:26: ssh.known_hosts[1]: expected a file name, got a mapping",
                "controller.yaml:5:9: ssh.user: not a user name: 'root; rm -rf'",
                "controller.yaml:7:20: ssh.connect_retries: must be between 0 and 5, got 9",
                "controller.yaml:8:24: ssh.identity_passphrase: write secrets by reference (env:NAME or file:/path),"
                        + " not in the file",
                "controller.yaml:9: ssh.strict_host_key_checking: unknown key 'strict_host_key_checking'; known keys"
                        + " here: config_file, user, port, identity_file, identity_passphrase, known_hosts,"
                        + " connect_timeout, connect_retries, command_timeout, idle_close, max_output, max_parallel, hosts",
                "controller.yaml:11:17: ssh.hosts.bad host: not a host name: 'bad host'",
                "controller.yaml:11: ssh.hosts.bad host.adress: unknown key 'adress'; known keys here: address, port,"
                        + " user, identity_file, known_hosts");
        assertThat(e).hasMessageNotContaining("hunter2");
    }

    @Test
    void theExampleReadsSizesOverSsh() {
        ControllerConfig c = ControllerConfigReader.read(Path.of("examples/controller.yaml"));
        assertThat(c.sizesOverSsh()).isTrue();
        SshSettings s = c.ssh().orElseThrow();
        assertThat(s.user()).contains("gpadmin");
        assertThat(s.knownHosts()).extracting(ConfiguredPath::text).containsExactly("/etc/gpwarden/ssh/known_hosts");
        assertThat(s.hosts().get("sdw9").address()).contains("10.0.0.19");
        assertThat(c.disk().capacityRefreshReads()).isEqualTo(12);
    }
}
