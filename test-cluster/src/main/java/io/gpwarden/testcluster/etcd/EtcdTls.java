package io.gpwarden.testcluster.etcd;

import io.gpwarden.testcluster.process.ExternalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test TLS material for an etcd cluster, made with the openssl command line (Debian's openssl):
 * a CA, a server certificate for {@code 127.0.0.1}/{@code localhost} signed by it, a client
 * certificate ({@code CN=gpwarden}) signed by it, and a second, unrelated CA to play the "wrong
 * CA" a misconfigured client trusts. EC P-256 keys (quick to make on a busy machine), valid 2 days;
 * keys are PKCS#8 PEM with mode 0600, as jetcd (netty) and etcd both read them.
 *
 * @param caFile          the CA that signed the members' and the client's certificates
 * @param serverCertFile  every member's certificate (SAN IP:127.0.0.1, DNS:localhost)
 * @param serverKeyFile   its key
 * @param clientCertFile  a client certificate, CN=gpwarden
 * @param clientKeyFile   its key
 * @param otherCaFile     a CA that signed nothing here
 */
public record EtcdTls(Path caFile, Path serverCertFile, Path serverKeyFile, Path clientCertFile, Path clientKeyFile,
                      Path otherCaFile) {

    /** Generates everything into {@code directory} (created if needed). */
    public static EtcdTls generate(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path ca = directory.resolve("ca.pem");
        Path caKey = directory.resolve("ca-key.pem");
        Path other = directory.resolve("other-ca.pem");
        selfSignedCa(directory, "gpwarden-test-ca", ca, caKey);
        selfSignedCa(directory, "gpwarden-unrelated-ca", other, directory.resolve("other-ca-key.pem"));
        Path server = directory.resolve("server.pem");
        Path serverKey = directory.resolve("server-key.pem");
        signed(directory, "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n",
                ca, caKey, server, serverKey);
        Path client = directory.resolve("client.pem");
        Path clientKey = directory.resolve("client-key.pem");
        signed(directory, "gpwarden", "extendedKeyUsage=clientAuth\n", ca, caKey, client, clientKey);
        for (Path key : List.of(caKey, serverKey, clientKey, directory.resolve("other-ca-key.pem"))) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
        return new EtcdTls(ca, server, serverKey, client, clientKey, other);
    }

    private static void selfSignedCa(Path dir, String name, Path cert, Path key) {
        openssl(List.of("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name));
    }

    private static void signed(Path dir, String commonName, String extensions, Path ca, Path caKey, Path cert, Path key)
            throws IOException {
        Path csr = dir.resolve(commonName + ".csr");
        Path ext = dir.resolve(commonName + ".ext");
        Files.writeString(ext, extensions);
        openssl(List.of("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=" + commonName));
        openssl(List.of("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString()));
    }

    private static void openssl(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("openssl");
        argv.addAll(args);
        ExternalCommand.run(argv, Duration.ofSeconds(60)).orThrow();
    }
}
