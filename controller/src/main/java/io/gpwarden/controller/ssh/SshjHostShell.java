package io.gpwarden.controller.ssh;

import io.gpwarden.controller.ssh.HostShellException.Failure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HostShell} over sshj: key authentication only, host keys checked strictly against
 * known_hosts ({@link StrictKnownHosts}; there is no other verifier), one connection per host
 * reused by later commands and closed after {@code idle_close} without use.
 *
 * <p>Timing, as the contract requires: each connect attempt (TCP, key exchange, host-key check,
 * login) is cut off by a watchdog after {@code connect_timeout}, whatever stage it is in (a
 * frozen sshd that accepts TCP but never speaks is the case that needs it; see
 * {@link SshConnector}); an unreachable host is attempted {@code 1 + connect_retries} times,
 * 0.5 s apart doubling; a command is abandoned after
 * its timeout (SIGKILL, then the host's connection is dropped, as after any command whose outcome
 * is unknown). Output is read as it arrives (stdout and stderr together, so neither can block the
 * other) and kept up to {@code max_output} bytes per stream.
 *
 * <p>Invariants: a host-key or login failure is never retried (it would fail the same way, and a
 * host-key failure is a security matter); a command is never sent twice — the only retry after a
 * connection existed is when a reused connection turns out dead before the session opened. The
 * per-host lock is held only while connecting to that host, never while a command runs.
 */
public final class SshjHostShell implements HostShell {
    private static final Logger log = LoggerFactory.getLogger(SshjHostShell.class);

    private final SshTargets targets;
    private final SshSettings settings;
    private final SshConnector connector;
    private final ConcurrentHashMap<String, HostConnection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private volatile boolean closed;

    /** One host's current connection; {@code current} and every {@link Conn}'s fields are guarded by {@code lock}. */
    private static final class HostConnection {
        final ReentrantLock lock = new ReentrantLock();
        Conn current;
    }

    /**
     * One SSH connection and its users. Retired when it may be dead (new commands connect afresh);
     * closed when retired and its last user is done, or when idle too long.
     */
    private static final class Conn {
        final SSHClient client;
        int users;
        boolean retired;
        long lastUsedNanos = System.nanoTime();

        Conn(SSHClient client) {
            this.client = client;
        }
    }

    public SshjHostShell(SshTargets targets) {
        this.targets = targets;
        this.settings = targets.settings();
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "gpwarden-ssh-timers");
            t.setDaemon(true);
            return t;
        });
        this.connector = new SshConnector(targets, timers);
        long sweep = Math.max(1000, settings.idleClose().toMillis() / 4);
        timers.scheduleWithFixedDelay(this::closeIdle, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    @Override
    public CommandResult run(String host, String command, Duration timeout) throws HostShellException {
        if (closed) {
            throw new IllegalStateException("this SSH shell is closed");
        }
        SshTarget target = targets.target(host);
        HostConnection hc = connections.computeIfAbsent(host, h -> new HostConnection());
        Lease lease = acquire(hc, target, true);
        try {
            Session session;
            try {
                session = lease.conn.client.startSession();
            } catch (IOException e) {
                if (!lease.reused) {
                    throw new HostShellException(Failure.UNREACHABLE, host, target.describe()
                            + ": the connection broke before the command started: " + e.getMessage(), null, e);
                }
                // A reused connection the server dropped meanwhile: nothing was sent, so a fresh one may try.
                Lease stale = lease;
                lease = null;
                release(hc, stale, true);
                lease = acquire(hc, target, false);
                try {
                    session = lease.conn.client.startSession();
                } catch (IOException again) {
                    throw new HostShellException(Failure.UNREACHABLE, host, target.describe()
                            + ": cannot open a session: " + again.getMessage(), null, again);
                }
            }
            if (log.isDebugEnabled()) {
                log.debug("{}: running {} ({} chars) on {}", host, firstWord(command), command.length(),
                        target.describe());
            }
            try {
                CommandResult result = execute(host, target, lease.conn.client, session, command, timeout);
                closeQuietly(session);
                return result;
            } catch (HostShellException e) {
                if (e.failure() == Failure.TIMED_OUT) {
                    kill(session);
                }
                // Outcome unknown: a host that stopped answering mid-command may be gone while the
                // connection still looks open (a dead host sends no RST), so the next command
                // connects afresh; closing the connection also ends the channel without waiting.
                Lease suspect = lease;
                lease = null;
                release(hc, suspect, true);
                throw e;
            }
        } finally {
            if (lease != null) {
                release(hc, lease, false);
            }
        }
    }

    private record Lease(Conn conn, boolean reused) {
    }

    /** The host's open connection, or a new one; counts the caller as a user until {@link #release}. */
    private Lease acquire(HostConnection hc, SshTarget target, boolean mayReuse) throws HostShellException {
        hc.lock.lock();
        try {
            Conn c = hc.current;
            if (mayReuse && c != null && c.client.isConnected() && c.client.isAuthenticated()) {
                c.users++;
                return new Lease(c, true);
            }
            if (c != null) {
                retire(hc, c);
            }
            Conn fresh = new Conn(connector.connect(target, () -> closed));
            fresh.users++;
            hc.current = fresh;
            return new Lease(fresh, false);
        } finally {
            hc.lock.unlock();
        }
    }

    /** The caller is done with the connection; {@code suspect}: it may be dead, do not hand it out again. */
    private void release(HostConnection hc, Lease lease, boolean suspect) {
        hc.lock.lock();
        try {
            Conn c = lease.conn;
            c.users--;
            c.lastUsedNanos = System.nanoTime();
            if (suspect || !c.client.isConnected()) {
                retire(hc, c);
            } else if (c.retired && c.users == 0) {
                closeQuietly(c.client);
            }
        } finally {
            hc.lock.unlock();
        }
    }

    /** Takes {@code c} out of service; closes it now if nobody uses it, else when its last user is done. */
    private static void retire(HostConnection hc, Conn c) {
        c.retired = true;
        if (hc.current == c) {
            hc.current = null;
        }
        if (c.users == 0) {
            closeQuietly(c.client);
        }
    }

    private CommandResult execute(String host, SshTarget target, SSHClient client, Session session, String command,
                                  Duration timeout) throws HostShellException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Session.Command cmd;
        try {
            cmd = session.exec(command);
        } catch (IOException e) {
            throw new HostShellException(Failure.CONNECTION_LOST, host, target.describe()
                    + ": the connection broke while starting the command: " + e.getMessage(), null, e);
        }
        Capped out = new Capped(settings.maxOutputBytes());
        Capped err = new Capped(settings.maxOutputBytes());
        InputStream stdout = cmd.getInputStream();
        InputStream stderr = cmd.getErrorStream();
        byte[] buffer = new byte[16384];
        int idle = 0;
        try {
            while (true) {
                boolean progress = drain(stdout, out, buffer) | drain(stderr, err, buffer);
                if (!cmd.isOpen()) {
                    drain(stdout, out, buffer);
                    drain(stderr, err, buffer);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new HostShellException(Failure.TIMED_OUT, host, target.describe() + ": " + firstWord(command)
                            + " did not finish within " + timeout.toMillis() + " ms; it was sent SIGKILL and its"
                            + " channel closed (it may have had effects)");
                }
                if (!client.isConnected()) {
                    throw new HostShellException(Failure.CONNECTION_LOST, host, target.describe()
                            + ": the connection broke while " + firstWord(command) + " ran; its outcome is unknown");
                }
                if (progress) {
                    idle = 0;
                } else {
                    sleep(Duration.ofMillis(Math.min(10, 1 << Math.min(idle++, 4))));
                }
            }
        } catch (IOException e) {
            throw new HostShellException(Failure.CONNECTION_LOST, host, target.describe() + ": reading the output of "
                    + firstWord(command) + " failed: " + e.getMessage() + "; its outcome is unknown", null, e);
        }
        Integer status = cmd.getExitStatus();
        if (status == null && cmd.getExitSignal() == null && !client.isConnected()) {
            throw new HostShellException(Failure.CONNECTION_LOST, host, target.describe()
                    + ": the connection broke before " + firstWord(command) + " reported its exit status");
        }
        return new CommandResult(status == null ? -1 : status, out.text(), err.text(), out.truncated || err.truncated,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * SIGKILL to the process of a command that outlived its timeout (sshd passes signals on since
     * OpenSSH 7.9; an older server ignores the request). Sent without waiting for an answer; the
     * caller then drops the connection, which ends the channel: sshj's own channel close would wait
     * for sshd's, and sshd sends that only once the process is gone.
     */
    private static void kill(Session session) {
        try {
            if (session instanceof Session.Command cmd) {
                cmd.signal(Signal.KILL);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("sending SIGKILL to an abandoned command: {}", e.toString());
        }
    }

    /** Reads what is available now without blocking; true if anything was read. */
    private static boolean drain(InputStream in, Capped sink, byte[] buffer) throws IOException {
        boolean any = false;
        int n;
        while ((n = in.available()) > 0) {
            int r = in.read(buffer, 0, Math.min(n, buffer.length));
            if (r <= 0) {
                break;
            }
            sink.write(buffer, r);
            any = true;
        }
        return any;
    }

    /** One output stream, kept up to a cap; what comes after is counted as dropped. */
    private static final class Capped {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long cap;
        private boolean truncated;

        Capped(long cap) {
            this.cap = cap;
        }

        void write(byte[] b, int n) {
            long room = cap - bytes.size();
            if (room >= n) {
                bytes.write(b, 0, n);
            } else {
                if (room > 0) {
                    bytes.write(b, 0, (int) room);
                }
                truncated = true;
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Closes connections unused for longer than {@code idle_close}; runs on the timer thread. */
    private void closeIdle() {
        long now = System.nanoTime();
        for (var e : connections.entrySet()) {
            HostConnection hc = e.getValue();
            if (!hc.lock.tryLock()) {
                continue;
            }
            try {
                Conn c = hc.current;
                if (c != null && c.users == 0
                        && (now - c.lastUsedNanos > settings.idleClose().toNanos() || !c.client.isConnected())) {
                    log.debug("{}: closing the idle SSH connection", e.getKey());
                    retire(hc, c);
                }
            } finally {
                hc.lock.unlock();
            }
        }
    }

    /** How many hosts have an open connection in service now (for tests and the status page). */
    public int openConnections() {
        int n = 0;
        for (HostConnection hc : connections.values()) {
            hc.lock.lock();
            try {
                if (hc.current != null && hc.current.client.isConnected()) {
                    n++;
                }
            } finally {
                hc.lock.unlock();
            }
        }
        return n;
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        for (HostConnection hc : connections.values()) {
            hc.lock.lock();
            try {
                if (hc.current != null) {
                    closeQuietly(hc.current.client);
                    hc.current = null;
                }
            } finally {
                hc.lock.unlock();
            }
        }
    }

    static String firstWord(String command) {
        String c = command.strip();
        int space = c.indexOf(' ');
        return space < 0 ? c : c.substring(0, space);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing a dead connection or channel: nothing to report.
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SshjHostShell[" + targets + "]";
    }
}
