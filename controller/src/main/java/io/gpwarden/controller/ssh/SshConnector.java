package io.gpwarden.controller.ssh;

import io.gpwarden.controller.ssh.HostShellException.Failure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one authenticated SSH connection to a host, for {@link SshjHostShell}: TCP connect, key
 * exchange with {@link StrictKnownHosts} as the only verifier, public-key login with the target's
 * identity files. Each attempt is cut off by a watchdog after {@code connect_timeout}, whatever
 * stage it is in; an unreachable host is tried {@code 1 + connect_retries} times, 0.5 s apart
 * doubling; host-key and login failures end at once. Every failure comes back classified
 * ({@link HostShellException.Failure}); none of them can have run a command.
 */
final class SshConnector {
    private static final Logger log = LoggerFactory.getLogger(SshConnector.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final SshTargets targets;
    private final SshSettings settings;
    private final DefaultConfig sshConfig;
    private final ScheduledExecutorService timers;

    /** @param timers runs the watchdogs (and nothing that blocks) */
    SshConnector(SshTargets targets, ScheduledExecutorService timers) {
        this.targets = targets;
        this.settings = targets.settings();
        this.timers = timers;
        this.sshConfig = new DefaultConfig();
        this.sshConfig.setLoggerFactory(SshjLogging.loggerFactory());
    }

    /** Connects with retries while the host is unreachable; other failures end at once. */
    SSHClient connect(SshTarget target, BooleanSupplier stopping) throws HostShellException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 0; ; attempt++) {
            try {
                return connectOnce(target);
            } catch (HostShellException e) {
                if (e.failure() != Failure.UNREACHABLE || attempt >= settings.connectRetries() || stopping.getAsBoolean()) {
                    throw e;
                }
                log.debug("{}: attempt {} failed ({}); again in {} ms", target.host(), attempt + 1, e.detail(),
                        backoff.toMillis());
                SshjHostShell.sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private SSHClient connectOnce(SshTarget target) throws HostShellException {
        String host = target.host();
        long start = System.nanoTime();
        StrictKnownHosts verifier;
        try {
            verifier = new StrictKnownHosts(target.knownHosts());
        } catch (IOException e) {
            throw new HostShellException(Failure.HOST_KEY_UNKNOWN, host, "cannot read known_hosts "
                    + target.knownHosts() + ": " + e.getMessage() + "; refused without connecting");
        }
        SSHClient client = new SSHClient(sshConfig);
        client.addHostKeyVerifier(verifier);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        client.setConnectTimeout(timeoutMs);
        client.getTransport().setTimeoutMs(timeoutMs);
        AtomicBoolean cutOff = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timers.schedule(() -> {
            cutOff.set(true);
            SshjHostShell.closeQuietly(client);
        }, timeoutMs, TimeUnit.MILLISECONDS);
        boolean ok = false;
        try {
            client.connect(target.destination(), target.port());
            client.authPublickey(target.user(), keys(client, target));
            if (!watchdog.cancel(false)) {
                throw new HostShellException(Failure.UNREACHABLE, host, target.describe() + ": no SSH session within "
                        + timeoutMs + " ms");
            }
            ok = true;
            log.debug("{}: connected to {} in {} ms", host, target.describe(), (System.nanoTime() - start) / 1_000_000);
            return client;
        } catch (HostShellException e) {
            throw e;
        } catch (UserAuthException e) {
            throw cutOff.get() ? timedOut(target, timeoutMs, e) : new HostShellException(Failure.LOGIN_REJECTED, host,
                    target.describe() + " accepted none of the keys " + target.identities()
                    + " (key authentication only; check the key is in the user's authorized_keys)", null, e);
        } catch (IOException e) {
            throw classify(target, verifier, cutOff.get(), timeoutMs, e);
        } finally {
            watchdog.cancel(false);
            if (!ok) {
                SshjHostShell.closeQuietly(client);
            }
        }
    }

    private HostShellException classify(SshTarget target, StrictKnownHosts verifier, boolean cutOff, int timeoutMs,
                                        IOException e) {
        String host = target.host();
        switch (verifier.verdict()) {
            case MISMATCH -> {
                return new HostShellException(Failure.HOST_KEY_MISMATCH, host, target.destination() + ":" + target.port()
                        + " presented " + verifier.presented() + ", but " + verifier.paths()
                        + " lists another key for it: refused before logging in, nothing ran", verifier.presented(), e);
            }
            case UNKNOWN -> {
                return new HostShellException(Failure.HOST_KEY_UNKNOWN, host, target.destination() + ":" + target.port()
                        + " presented " + verifier.presented() + ", which " + verifier.paths()
                        + " does not list for it: refused before logging in, nothing ran", verifier.presented(), e);
            }
            default -> {
                // The key was accepted or never seen: a network or protocol failure.
            }
        }
        if (cutOff || e instanceof SocketTimeoutException) {
            return timedOut(target, timeoutMs, e);
        }
        String why;
        if (e instanceof UnknownHostException) {
            why = "the name " + target.destination() + " does not resolve";
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            why = "connection refused or no route (" + e.getMessage() + ")";
        } else if (e instanceof TransportException t && t.getDisconnectReason() != null) {
            why = "the server ended the connection: " + t.getDisconnectReason() + " " + e.getMessage();
        } else {
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new HostShellException(Failure.UNREACHABLE, host, target.describe() + ": " + why, null, e);
    }

    private static HostShellException timedOut(SshTarget target, int timeoutMs, Exception e) {
        return new HostShellException(Failure.UNREACHABLE, target.host(), target.describe()
                + ": no SSH session within " + timeoutMs + " ms (host down, black-holed, or sshd not answering)", null, e);
    }

    private List<KeyProvider> keys(SSHClient client, SshTarget target) throws HostShellException {
        List<KeyProvider> keys = new ArrayList<>();
        for (Path p : target.identities()) {
            try {
                keys.add(targets.passphrase().isPresent()
                        ? client.loadKeys(p.toString(), targets.passphrase().get().reveal().toCharArray())
                        : client.loadKeys(p.toString()));
            } catch (IOException e) {
                throw new HostShellException(Failure.LOGIN_REJECTED, target.host(), "cannot use identity file " + p
                        + ": " + e.getClass().getSimpleName(), null, null);
            }
        }
        return keys;
    }

}
