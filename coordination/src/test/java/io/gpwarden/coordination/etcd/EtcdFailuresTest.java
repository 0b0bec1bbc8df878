package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.config.SecretRef;
import io.gpwarden.coordination.CoordinationException;
import io.gpwarden.coordination.CoordinationException.Condition;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * How failures are classified, from the shapes jetcd and gRPC produce (seen in the integration
 * tests: jetcd reports a failed token request as UNAUTHENTICATED whatever its cause, so the cause
 * chain decides).
 */
class EtcdFailuresTest {
    private final EtcdFailures failures = new EtcdFailures(EtcdSettings.plain(List.of(URI.create("https://etcd1:2379")))
            .withTls(new EtcdSettings.Tls(Path.of("/etc/gpwarden/ca.pem"), Optional.empty(), Optional.empty()))
            .withUser("gpwarden", new SecretRef(SecretRef.Kind.ENV, "ETCD_PW", "agent.yaml", 7, "coordination.password_ref")));

    private static RuntimeException grpc(String status, Throwable cause) {
        return new RuntimeException(status, cause);
    }

    @Test
    void aHandshakeFailureAnywhereInTheChainIsATlsProblemNamingTheCaFile() {
        CoordinationException e = failures.classify("connecting", grpc("UNAVAILABLE: io exception",
                new SSLHandshakeException("PKIX path building failed")));

        assertThat(e.condition()).isEqualTo(Condition.TLS_MISCONFIGURED);
        assertThat(e.getMessage()).isEqualTo("connecting: TLS handshake with etcd (https://etcd1:2379) failed: "
                + "PKIX path building failed; check coordination.tls (ca_file /etc/gpwarden/ca.pem)");
    }

    @Test
    void etcdsAuthenticationFailedIsUnauthenticatedNamingThePasswordReference() {
        CoordinationException e = failures.classify("connecting", grpc("UNAUTHENTICATED",
                new RuntimeException("INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password")));

        assertThat(e.condition()).isEqualTo(Condition.UNAUTHENTICATED);
        assertThat(e.getMessage()).contains("refused user 'gpwarden' with the password from env:ETCD_PW "
                + "(agent.yaml:7 coordination.password_ref)");
    }

    @Test
    void anUnauthenticatedStatusCausedByARefusedConnectionIsUnreachable() {
        CoordinationException e = failures.classify("connecting", grpc("UNAUTHENTICATED",
                grpc("UNAVAILABLE: io exception", new ConnectException("Connection refused"))));

        assertThat(e.condition()).isEqualTo(Condition.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("connecting: etcd (https://etcd1:2379) unreachable: Connection refused");
    }

    @Test
    void permissionDeniedIsItsOwnConfigurationError() {
        CoordinationException e = failures.classify("writing /x", grpc("PERMISSION_DENIED: etcdserver: permission denied",
                null));

        assertThat(e.condition()).isEqualTo(Condition.PERMISSION_DENIED);
        assertThat(e.condition().isConfigurationError()).isTrue();
    }

    @Test
    void aTimeoutIsUnreachableWithTheBound() {
        assertThat(failures.timeout("reading /k").getMessage())
                .isEqualTo("reading /k: no answer from etcd (https://etcd1:2379) within 2000 ms");
    }
}
