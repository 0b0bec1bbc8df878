package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.config.ConfigProblem;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.MappingReader;
import io.gpwarden.config.YamlDocuments;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinationSectionTest {
    @TempDir
    Path dir;

    private ConfigProblems problems;

    private Optional<EtcdSettings> read(String yaml) {
        problems = new ConfigProblems();
        MappingReader root = MappingReader.of(YamlDocuments.parse("controller.yaml", yaml), problems);
        return CoordinationSection.read(root.requiredMapping("coordination"));
    }

    private List<String> problemTexts() {
        return problems.list().stream().map(ConfigProblem::toString).toList();
    }

    private Path file(String name, String mode) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "-----BEGIN CERTIFICATE-----\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void aFullSectionIsReadWithEveryValue() throws Exception {
        Path ca = file("ca.pem", "rw-r--r--");
        Path cert = file("client.pem", "rw-r--r--");
        Path key = file("client-key.pem", "rw-------");

        EtcdSettings s = read("""
                coordination:
                  endpoints: [https://etcd1:2379, "https://etcd2:2379,https://etcd3:2379"]
                  tls:
                    ca_file: %s
                    cert_file: %s
                    key_file: %s
                  user: gpwarden
                  password_ref: env:GPWARDEN_ETCD_PASSWORD
                  call_timeout: 1500ms
                  connect_timeout: 1s
                  lease_ttl: 10s
                  renew_margin: 3s
                """.formatted(ca, cert, key)).orElseThrow();

        assertThat(problems.list()).isEmpty();
        assertThat(s.endpoints()).containsExactly(URI.create("https://etcd1:2379"), URI.create("https://etcd2:2379"),
                URI.create("https://etcd3:2379"));
        assertThat(s.tls()).contains(new EtcdSettings.Tls(ca, Optional.of(cert), Optional.of(key)));
        assertThat(s.user()).contains("gpwarden");
        assertThat(s.password()).get().hasToString("env:GPWARDEN_ETCD_PASSWORD");
        assertThat(s.callTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.renewMargin()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void onlyEndpointsAreRequiredAndTheDefaultsAreTheDocumentedOnes() {
        EtcdSettings s = read("""
                coordination:
                  endpoints: http://127.0.0.1:2379
                """).orElseThrow();

        assertThat(s.callTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.leaseTtl()).isEqualTo(Duration.ofSeconds(6));
        assertThat(s.renewMargin()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.renewWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.tls()).isEmpty();
        assertThat(s.user()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithFileLineAndKey() {
        Optional<EtcdSettings> s = read("""
                coordination:
                  endpoints: [etcd1:2379, https://]
                  user: gpwarden
                  password_ref: hunter2
                  lease_ttl: 2s
                  color: blue
                """);

        assertThat(s).isEmpty();
        assertThat(problemTexts()).containsExactly(
                "controller.yaml:2:15: coordination.endpoints[0]: endpoint 'etcd1:2379' must start with https:// or http://",
                "controller.yaml:2:27: coordination.endpoints[1]: endpoint 'https://' is not a URL: Expected authority",
                "controller.yaml:4:17: coordination.password_ref: write secrets by reference (env:NAME or file:/path), not in the file",
                "controller.yaml:6: coordination.color: unknown key 'color'; known keys here: endpoints, tls, user, "
                        + "password_ref, call_timeout, connect_timeout, lease_ttl, renew_margin",
                "controller.yaml:2:3: coordination: lease_ttl must be at least 3s (etcd raises shorter TTLs and an etcd "
                        + "leader election takes 1-2 s)");
        assertThat(String.join("\n", problemTexts())).doesNotContain("hunter2");
    }

    @Test
    void tlsIsNeverDroppedSilentlyNorMixedWithPlainEndpoints() throws Exception {
        Path ca = file("ca.pem", "rw-r--r--");
        read("""
                coordination:
                  endpoints: http://etcd1:2379
                  tls: {ca_file: %s}
                """.formatted(ca));
        assertThat(problemTexts()).containsExactly("controller.yaml:2:3: coordination: tls is set but the endpoints are "
                + "http://; write them as https:// (gpwarden never drops TLS silently)");

        read("""
                coordination:
                  endpoints: [https://etcd1:2379]
                """);
        assertThat(problemTexts()).containsExactly("controller.yaml:2:3: coordination: https endpoints need tls.ca_file "
                + "(the CA that signed the etcd certificates)");

        read("""
                coordination:
                  endpoints: [https://etcd1:2379, http://etcd2:2379]
                  tls: {ca_file: %s}
                """.formatted(ca));
        assertThat(problemTexts()).containsExactly(
                "controller.yaml:2:3: coordination: endpoints mix http and https; use https for all of them");
    }

    @Test
    void aMissingCaFileAndAPrivateKeyReadableByOthersAreRefused() throws Exception {
        Path cert = file("client.pem", "rw-r--r--");
        Path key = file("client-key.pem", "rw-r--r--");

        read("""
                coordination:
                  endpoints: https://etcd1:2379
                  tls:
                    ca_file: /nonexistent/ca.pem
                    cert_file: %s
                    key_file: %s
                """.formatted(cert, key));

        assertThat(problemTexts()).containsExactly(
                "controller.yaml:4:14: coordination.tls.ca_file: file /nonexistent/ca.pem does not exist or cannot be read",
                "controller.yaml:6:15: coordination.tls.key_file: private key " + key + " is readable by others; chmod 600 "
                        + key);
    }

    @Test
    void userAndPasswordGoTogether() {
        read("""
                coordination:
                  endpoints: http://etcd1:2379
                  user: gpwarden
                """);

        assertThat(problemTexts()).containsExactly(
                "controller.yaml:2:3: coordination: user needs password_ref (env:NAME or file:/path)");
    }

    @Test
    void aRenewWindowUnderOneSecondIsRefusedWithTheArithmetic() {
        read("""
                coordination:
                  endpoints: http://etcd1:2379
                  lease_ttl: 4s
                  renew_margin: 2s
                  call_timeout: 1500ms
                """);

        assertThat(problemTexts()).containsExactly("controller.yaml:2:3: coordination: lease_ttl (4000 ms) - renew_margin "
                + "(2000 ms) - call_timeout (1500 ms) leaves less than 1 s to renew the lease in");
    }
}
