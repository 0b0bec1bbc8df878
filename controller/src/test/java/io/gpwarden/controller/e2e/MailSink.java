package io.gpwarden.controller.e2e;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * GreenMail as the mail server on-call reads: SMTPS on a fixed free loopback port (so it can be
 * stopped and started again at the same address), authentication required, and a trust store
 * holding only GreenMail's certificate, so the controller validates a real certificate chain.
 */
public final class MailSink implements AutoCloseable {
    public static final String TO = "oncall@example.org";
    public static final String USER = "gpwarden";
    public static final String PASSWORD = "smtp-secret-e2e";
    public static final String TRUST_PASSWORD = "trust-secret-e2e";

    private final int port;
    private final Path trustStore;
    private final Path passwordFile;
    private final Path trustPasswordFile;
    private final List<MimeMessage> earlier = new ArrayList<>();
    private GreenMail server;

    private MailSink(int port, Path trustStore, Path passwordFile, Path trustPasswordFile) {
        this.port = port;
        this.trustStore = trustStore;
        this.passwordFile = passwordFile;
        this.trustPasswordFile = trustPasswordFile;
    }

    public static MailSink start(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = GreenMail.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("greenmail", keys.getCertificate("greenmail"));
        Path trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, TRUST_PASSWORD.toCharArray());
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MailSink sink = new MailSink(port, trustStore, E2eConfig.secretFile(dir, "smtp-password", PASSWORD),
                E2eConfig.secretFile(dir, "trust-password", TRUST_PASSWORD));
        sink.startServer();
        return sink;
    }

    /** The alerts.channels entry for this server. */
    public String channelYaml(String name) {
        return "    " + name + ":\n"
                + "      type: mail\n"
                + "      host: 127.0.0.1\n"
                + "      port: " + port + "\n"
                + "      security: smtps\n"
                + "      username: " + USER + "\n"
                + "      password: file:" + passwordFile + "\n"
                + "      from: gpwarden@example.org\n"
                + "      to: [" + TO + "]\n"
                + "      trust_store: " + trustStore + "\n"
                + "      trust_store_password: file:" + trustPasswordFile + "\n"
                + "      check_server_identity: false\n"   // GreenMail's certificate names no host
                + "      connect_timeout: 2s\n"
                + "      timeout: 5s\n";
    }

    public void startServer() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(TO, USER, PASSWORD));
        server.start();
    }

    /** Stops the server, keeping what it received so far. */
    public void stopServer() {
        earlier.addAll(List.of(server.getReceivedMessages()));
        server.stop();
    }

    public List<MimeMessage> messages() {
        List<MimeMessage> all = new ArrayList<>(earlier);
        all.addAll(List.of(server.getReceivedMessages()));
        return all;
    }

    public static String header(MimeMessage m, String name) {
        try {
            String[] h = m.getHeader(name);
            return h == null ? "" : h[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String body(MimeMessage m) {
        try {
            return String.valueOf(m.getContent());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<MimeMessage> await(Predicate<MimeMessage> which, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<MimeMessage> hits = messages().stream().filter(which).toList();
            if (hits.size() >= count || System.nanoTime() > deadline) {
                return hits;
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
