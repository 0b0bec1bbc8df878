package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.config.SecretRef;
import io.gpwarden.coordination.Coordinator;
import io.gpwarden.coordination.CoordinationException;
import io.gpwarden.coordination.CoordinationException.Condition;
import io.gpwarden.coordination.KeySpace;
import io.gpwarden.coordination.Leadership;
import io.gpwarden.coordination.Ticker;
import io.gpwarden.testcluster.etcd.EtcdCluster;
import io.gpwarden.testcluster.etcd.EtcdTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcd as a production site runs it: TLS with client certificates ({@code --client-cert-auth}) and
 * RBAC (user {@code gpwarden} limited to {@code /gpwarden/}). A wrong password or a wrong CA must be
 * a clear configuration error, quickly, with no secret in it.
 */
class EtcdSecurityIT {
    private static final String PASSWORD = "right-horse-battery";
    private static final String WRONG_PASSWORD = "wrong-staple-9";

    private static EtcdCluster etcd;
    private static EtcdTls tls;
    private static Path secrets;

    @BeforeAll
    static void start() throws Exception {
        etcd = EtcdCluster.startWithTls(1, true);
        tls = etcd.tls().orElseThrow();
        etcd.enableAuth("root-" + PASSWORD);
        etcd.addUser("gpwarden", PASSWORD, "/gpwarden/");
        secrets = Files.createTempDirectory("gpwarden-etcd-secrets");
    }

    @AfterAll
    static void stop() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    /** A password file as an operator writes it, referenced as {@code password_ref} on line 12 of controller.yaml. */
    private static SecretRef passwordFile(String name, String password) throws Exception {
        Path file = secrets.resolve(name);
        Files.writeString(file, password + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return new SecretRef(SecretRef.Kind.FILE, file.toString(), "controller.yaml", 12, "coordination.password_ref");
    }

    private static EtcdSettings settings(Path ca, boolean clientCertificate, SecretRef password) {
        return EtcdSettings.plain(WarmClients.endpoints(etcd))
                .withTls(new EtcdSettings.Tls(ca, clientCertificate ? Optional.of(tls.clientCertFile()) : Optional.empty(),
                        clientCertificate ? Optional.of(tls.clientKeyFile()) : Optional.empty()))
                .withUser("gpwarden", password);
    }

    @Test
    void theRightCaClientCertificateAndPasswordReadAndWriteUnderTheUsersPrefix() throws Exception {
        try (EtcdCoordinator store = WarmClients.connect(settings(tls.caFile(), true, passwordFile("ok", PASSWORD)))) {
            String key = new KeySpace("secure").coordinator();
            long revision = store.put(key, "{\"v\":1}", Coordinator.NO_LEASE);

            assertThat(store.get(key)).get().satisfies(e -> assertThat(e.modRevision()).isEqualTo(revision));
        }
    }

    @Test
    void aKeyOutsideTheUsersPrefixIsAPermissionError() throws Exception {
        try (EtcdCoordinator store = WarmClients.connect(settings(tls.caFile(), true, passwordFile("ok2", PASSWORD)))) {
            assertThatThrownBy(() -> store.put("/elsewhere", "x", Coordinator.NO_LEASE))
                    .isInstanceOfSatisfying(CoordinationException.class,
                            e -> assertThat(e.condition()).isEqualTo(Condition.PERMISSION_DENIED));
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorNamingWhereThePasswordCameFromButNeverThePassword() throws Exception {
        SecretRef wrong = passwordFile("wrong", WRONG_PASSWORD);
        try (EtcdCoordinator store = EtcdCoordinator.connect(settings(tls.caFile(), true, wrong))) {
            long started = System.nanoTime();
            CoordinationException e = checkFails(store);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(e.condition()).isEqualTo(Condition.UNAUTHENTICATED);
            assertThat(e.condition().isConfigurationError()).isTrue();
            assertThat(e.getMessage())
                    .contains("refused user 'gpwarden' with the password from file:" + secrets.resolve("wrong"))
                    .contains("controller.yaml:12 coordination.password_ref")
                    .doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
            // bounded by the call timeout (2 s), not a retry loop
            assertThat(tookMillis).isLessThan(2_000 + 1_000);
        }
    }

    @Test
    void aLeaderCampaignWithAWrongPasswordSaysUnavailableWithTheConditionInsteadOfRetrying() throws Exception {
        try (EtcdCoordinator store = EtcdCoordinator.connect(settings(tls.caFile(), true, passwordFile("w2", WRONG_PASSWORD)))) {
            Leadership l = new Leadership(store, new KeySpace("secure").controllerLeader(), "{}",
                    store.settings().leaseTiming(), Ticker.SYSTEM);

            Leadership.Status s = l.renewOrCampaign();

            assertThat(s.state()).isEqualTo(Leadership.State.UNAVAILABLE);
            assertThat(s.condition()).contains(Condition.UNAUTHENTICATED);
        }
    }

    @Test
    void aCaThatDidNotSignTheServerCertificateIsATlsConfigurationErrorNamingTheCaFile() throws Exception {
        try (EtcdCoordinator store = EtcdCoordinator.connect(settings(tls.otherCaFile(), true,
                passwordFile("ok3", PASSWORD)))) {
            CoordinationException e = checkFails(store);

            assertThat(e.condition()).isEqualTo(Condition.TLS_MISCONFIGURED);
            assertThat(e.getMessage()).contains("TLS handshake with etcd").contains("ca_file " + tls.otherCaFile())
                    .doesNotContain(PASSWORD);
        }
    }

    @Test
    void withoutTheClientCertificateEtcdRefusesTheHandshake() throws Exception {
        try (EtcdCoordinator store = EtcdCoordinator.connect(settings(tls.caFile(), false, passwordFile("ok4", PASSWORD)))) {
            CoordinationException e = checkFails(store);

            assertThat(e.condition()).isEqualTo(Condition.TLS_MISCONFIGURED);
        }
    }

    /**
     * The connection check's failure. A fresh client on a loaded machine may first time out (seen as
     * UNREACHABLE) before the server's answer arrives; a few attempts let the real cause show.
     */
    private static CoordinationException checkFails(EtcdCoordinator store) {
        CoordinationException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                store.checkConnection();
                throw new AssertionError("the connection check passed");
            } catch (CoordinationException e) {
                last = e;
                if (e.condition() != Condition.UNREACHABLE) {
                    return e;
                }
            }
        }
        return last;
    }
}
