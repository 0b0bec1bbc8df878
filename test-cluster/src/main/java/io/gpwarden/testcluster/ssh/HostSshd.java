package io.gpwarden.testcluster.ssh;

import io.gpwarden.testcluster.process.DetachedProcess;
import io.gpwarden.testcluster.process.PowerCut;
import io.gpwarden.testcluster.process.ProcessLedger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SSH endpoint of one emulated host: Debian's OpenSSH {@code sshd} listening on the host's
 * own loopback address, with the host's own key, accepting only the cluster's client key for the
 * database account, and giving every session that host's environment through {@code SetEnv}
 * (PATH with the gp utilities, COORDINATOR_DATA_DIRECTORY, MASTER_DATA_DIRECTORY, PGPORT …).
 *
 * <p>Timing: {@link #start} returns once the port accepts connections (about 20 ms). The sshd is
 * recorded in the ledger under {@code sshd-<host>}, marked by its config file path.
 */
public final class HostSshd {
    /** sshd from the openssh-server package. */
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    /**
     * What of a host's sshd goes down with the host: every connection's sshd processes (the
     * privileged monitor and the user's child), the command each session runs and whatever that
     * command runs in its session. A process that left the session with setsid() is spared with
     * everything below it: on this one machine such a daemon (a postmaster that {@code pg_ctl}
     * started for a utility) may belong to another emulated host.
     */
    public static final PowerCut.Membership SESSION_PROCESSES =
            (parent, child) -> "sshd".equals(parent.comm()) || child.session() == parent.session();

    private final String host;
    private final String address;
    private final int port;
    private final Path dir;
    private final Path logFile;

    public HostSshd(String host, String address, int port, Path dir, Path logFile) {
        this.host = host;
        this.address = address;
        this.port = port;
        this.dir = dir;
        this.logFile = logFile;
    }

    public Path hostKey() {
        return dir.resolve("ssh_host_ed25519_key");
    }

    public Path configFile() {
        return dir.resolve("sshd_config");
    }

    public static String ledgerName(String host) {
        return "sshd-" + host;
    }

    /** Generates the host key (once) and writes sshd_config; returns the host's public key line. */
    public String prepare(String loginUser, boolean usePam, Path authorizedKeys, Map<String, String> environment)
            throws IOException {
        Files.createDirectories(dir);
        String publicKey = Files.exists(hostKey()) ? SshKeys.publicKey(hostKey()) : SshKeys.generate(hostKey(), host);
        List<String> lines = new ArrayList<>(List.of(
                "# sshd of emulated host " + host,
                "ListenAddress " + address + ":" + port,
                "HostKey " + hostKey(),
                "AuthorizedKeysFile " + authorizedKeys,
                "AllowUsers " + loginUser,
                "PermitRootLogin no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                // the database account is locked (no password); PAM accepts key logins for it
                "UsePAM " + (usePam ? "yes" : "no"),
                "StrictModes no",
                "PidFile none",
                "PrintMotd no",
                "X11Forwarding no",
                "MaxStartups 100:30:200",
                "MaxSessions 50",
                "LogLevel INFO",
                "Subsystem sftp internal-sftp"));
        StringBuilder setEnv = new StringBuilder("SetEnv");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(environment).entrySet()) {
            setEnv.append(' ').append(e.getKey()).append("=\"").append(e.getValue()).append('"');
        }
        lines.add(setEnv.toString());
        Files.write(configFile(), lines);
        return publicKey;
    }

    /** Starts sshd in the background and waits until it accepts connections. */
    public long start(ProcessLedger ledger) throws IOException {
        try {
            // sshd wants its privilege separation directory; a non-root JVM may not create it (sshd
            // then runs as that user and does without)
            Files.createDirectories(Path.of("/run/sshd"));
        } catch (IOException e) {
            // best effort, see above
        }
        long pid = DetachedProcess.start(List.of(SSHD.toString(), "-D", "-f", configFile().toString(),
                "-E", logFile.toString()), Map.of(), logFile);
        ledger.recordProcess(ledgerName(host), pid, configFile().toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!accepts(address, port)) {
            if (!io.gpwarden.testcluster.process.ProcessTable.isRunning(pid)) {
                throw new IllegalStateException("sshd for " + host + " exited; see " + logFile + ": " + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sshd for " + host + " does not accept connections on "
                        + address + ":" + port + "; see " + logFile);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return pid;
    }

    private String tail() {
        try {
            List<String> l = Files.readAllLines(logFile);
            return String.join("\n", l.subList(Math.max(0, l.size() - 5), l.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether something accepts TCP connections on address:port. */
    public static boolean accepts(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
