package io.gpwarden.controller.e2e;

import io.gpwarden.alerts.snmp.GpwardenMib;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Debian's snmptrapd as the NMS: a child process on a free loopback UDP port, accepting SNMPv3
 * INFORMs from user {@code gpwarden} with authPriv (SHA-256, AES-128) and logging one line per
 * decoded notification. An INFORM it cannot authenticate or decrypt is neither logged nor
 * acknowledged, so a logged line proves authPriv worked. Stopped by the PID it started.
 */
final class TrapSink implements AutoCloseable {
    static final String USER = "gpwarden";
    static final String AUTH = "auth-passphrase-e2e";
    static final String PRIV = "priv-passphrase-e2e";

    /** One decoded notification: its security model and varbinds by numeric OID (leading dot). */
    record Trap(String security, Map<String, String> varbinds) {
        /** The value of a varbind of GPWARDEN-MIB (the OID names the scalar instance, {@code .0} included). */
        String value(java.util.function.Supplier<org.snmp4j.smi.OID> oid) {
            String v = varbinds.get("." + oid.get());
            return v == null ? null : v.replaceAll("^\"|\"$", "");
        }

        String key() {
            return value(() -> GpwardenMib.INCIDENT_KEY);
        }

        String cluster() {
            return value(() -> GpwardenMib.CLUSTER_NAME);
        }

        /** opened(1) escalated(2) deescalated(3) resolved(4) notice(5). */
        int transition() {
            String v = value(() -> GpwardenMib.TRANSITION);
            return v == null ? 0 : Integer.parseInt(v.replaceAll("\\D", ""));
        }
    }

    private final Path dir;
    private final int port;
    private final Process process;

    private TrapSink(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static TrapSink start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("snmptrapd.conf");
        Files.writeString(conf, "createUser " + USER + " SHA-256 " + AUTH + " AES " + PRIV + "\n"
                + "authUser log " + USER + " priv\n");
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("traps.log");
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/snmptrapd", "-f", "-Lf", log.toString(), "-C", "-c",
                conf.toString(), "-m", "", "-On", "-n", "-F", "GPWTRAP %P\\t%V\\t%v\\n", "udp:127.0.0.1:" + port);
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("snmptrapd.out").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(log) && Files.readString(log).contains("NET-SNMP version"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("snmptrapd did not start: " + Files.readString(dir.resolve("snmptrapd.out")));
            }
            Thread.sleep(50);
        }
        return new TrapSink(dir, port, p);
    }

    int port() {
        return port;
    }

    List<Trap> traps() throws IOException {
        List<Trap> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("traps.log"), StandardCharsets.UTF_8)) {
            if (!line.startsWith("GPWTRAP ")) {
                continue;
            }
            String[] fields = line.substring(8).split("\t");
            Map<String, String> varbinds = new LinkedHashMap<>();
            for (int i = 1; i < fields.length; i++) {
                int eq = fields[i].indexOf(" = ");
                if (eq > 0) {
                    String value = fields[i].substring(eq + 3).strip();
                    int colon = value.indexOf(": ");
                    varbinds.put(fields[i].substring(0, eq), colon > 0 ? value.substring(colon + 2) : value);
                }
            }
            out.add(new Trap(fields[0], varbinds));
        }
        return out;
    }

    /** Waits until at least {@code count} traps match, then returns all that match. */
    List<Trap> await(Predicate<Trap> which, int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Trap> hits = traps().stream().filter(which).toList();
            if (hits.size() >= count || System.nanoTime() > deadline) {
                return hits;
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
