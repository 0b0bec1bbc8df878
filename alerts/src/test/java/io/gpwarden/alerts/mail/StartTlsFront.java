package io.gpwarden.alerts.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A STARTTLS front for GreenMail, whose SMTP server (2.1.13) has no STARTTLS: it greets,
 * answers EHLO with STARTTLS, refuses everything else until the client upgrades, performs the
 * server side of the TLS handshake with GreenMail's certificate, and from then on relays the
 * encrypted session's bytes to GreenMail's plain SMTP port, where the mail is really received.
 */
final class StartTlsFront implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext tls;
    private final int backendPort;
    private final AtomicInteger upgrades = new AtomicInteger();

    StartTlsFront(SSLContext tls, int backendPort) throws IOException {
        this.tls = tls;
        this.backendPort = backendPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "starttls-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sessions that completed STARTTLS. */
    int upgrades() {
        return upgrades.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "starttls-front-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            InputStream backendIn = backend.getInputStream();
            readLine(backendIn); // GreenMail's greeting: the client already had ours
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            write(out, "220 gpwarden-test STARTTLS front ESMTP\r\n");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> write(out, "250-gpwarden-test\r\n250 STARTTLS\r\n");
                    case "QUIT" -> {
                        write(out, "221 bye\r\n");
                        return;
                    }
                    case "STARTTLS" -> {
                        write(out, "220 go ahead\r\n");
                        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client,
                                client.getInetAddress().getHostAddress(), client.getPort(), false);
                        secure.setUseClientMode(false);
                        secure.startHandshake();
                        upgrades.incrementAndGet();
                        relay(secure, backend);
                        return;
                    }
                    default -> write(out, "530 5.7.0 must issue STARTTLS first\r\n");
                }
            }
        } catch (IOException e) {
            // The client went away; nothing to clean up beyond the sockets.
        }
    }

    private static void relay(SSLSocket secure, Socket backend) throws IOException {
        Thread up = new Thread(() -> copy(secure, backend), "starttls-front-up");
        up.setDaemon(true);
        up.start();
        copy(backend, secure);
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // One side closed.
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).replaceFirst("\r$", "");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
