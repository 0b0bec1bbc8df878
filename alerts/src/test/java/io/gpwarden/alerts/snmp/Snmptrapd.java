package io.gpwarden.alerts.snmp;

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

/**
 * Debian's snmptrapd as a child process on a free loopback UDP port, logging one line per
 * notification to a file: {@code GPWTRAP <security>\t<oid> = <type>: <value>\t...}. Stopped by
 * the PID of the process it started, never by name.
 */
final class Snmptrapd implements AutoCloseable {

    /** One received notification: who sent it how, and its varbinds by numeric OID. */
    record Received(String security, Map<String, String> varbinds) {
        String value(String oid) {
            return varbinds.get(oid);
        }

        String trapOid() {
            return value(".1.3.6.1.6.3.1.1.4.1.0");
        }
    }

    private final Path dir;
    private final int port;
    private Process process;
    private int generation;

    private Snmptrapd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts with {@code conf} as the only configuration (no system snmptrapd.conf is read). */
    static Snmptrapd start(Path dir, String conf) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("snmptrapd.conf"), conf);
        Snmptrapd trapd = new Snmptrapd(dir, freeUdpPort());
        trapd.startProcess();
        return trapd;
    }

    int port() {
        return port;
    }

    void startProcess() throws IOException, InterruptedException {
        generation++;
        // One log per start: snmptrapd truncates its -Lf file when it opens it.
        Path log = logOf(generation);
        Path out = dir.resolve("snmptrapd-" + generation + ".out");
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/snmptrapd", "-f", "-Lf", log.toString(), "-C", "-c",
                dir.resolve("snmptrapd.conf").toString(), "-m", "", "-On", "-n", "-X",
                "-F", "GPWTRAP %P\\t%V\\t%v\\n", "udp:127.0.0.1:" + port);
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("snmptrapd exited with " + process.exitValue() + ": "
                        + Files.readString(out));
            }
            if (Files.exists(log) && Files.readString(log).contains("NET-SNMP version")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("snmptrapd did not start within 30 s; output: " + Files.readString(out));
    }

    private Path logOf(int g) {
        return dir.resolve("snmptrapd-" + g + ".log");
    }

    void startProcessIfStopped() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            startProcess();
        }
    }

    void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    List<Received> received() throws IOException {
        List<Received> out = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int g = 1; g <= generation; g++) {
            if (Files.exists(logOf(g))) {
                lines.addAll(Files.readAllLines(logOf(g), StandardCharsets.UTF_8));
            }
        }
        for (String line : lines) {
            if (!line.startsWith("GPWTRAP ")) {
                continue;
            }
            String[] fields = line.substring(8).split("\t");
            Map<String, String> varbinds = new LinkedHashMap<>();
            for (int i = 1; i < fields.length; i++) {
                int eq = fields[i].indexOf(" = ");
                if (eq > 0) {
                    varbinds.put(fields[i].substring(0, eq), fields[i].substring(eq + 3).strip());
                }
            }
            out.add(new Received(fields[0], varbinds));
        }
        return out;
    }

    /** Waits until notifications carrying {@code incidentId} number at least {@code count}. */
    List<Received> await(String needle, int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> hits = received().stream()
                    .filter(r -> r.varbinds().values().stream().anyMatch(v -> v.contains(needle))).toList();
            if (hits.size() >= count || System.nanoTime() > deadline) {
                return hits;
            }
            Thread.sleep(50);
        }
    }

    String logText() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int g = 1; g <= generation; g++) {
            if (Files.exists(logOf(g))) {
                text.append(Files.readString(logOf(g)));
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        try {
            stopProcess();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
