package io.gpwarden.controller.ssh;

import java.time.Duration;

/**
 * Runs a command on a cluster host, named as {@code gp_segment_configuration.hostname} names it
 * ({@code sdw1}); how that name becomes an address, port, user, key and known_hosts entry is the
 * implementation's business (see {@link SshTargets}).
 *
 * <p>Contract, by timing:
 * <ul>
 *   <li><b>Connecting is bounded.</b> Reaching the host (TCP connect, key exchange, host-key check,
 *       login) takes at most the connect timeout per attempt; an unreachable host is tried a
 *       bounded number of times with backoff, and only while the command cannot have started.</li>
 *   <li><b>Running is bounded.</b> {@link #run} returns or throws within {@code timeout} of the
 *       command starting (plus the connect time above). Output beyond the size cap is dropped
 *       and the result says so; a command that outlives its timeout is abandoned (its channel is
 *       closed, which normally ends it; it may have had effects).</li>
 *   <li><b>Hosts are independent.</b> Calls for different hosts never wait for each other (there is
 *       no lock across hosts); calls for one host share that host's connection.</li>
 * </ul>
 *
 * <p>Atomicity: none. A command that was started may have done anything up to the moment it was
 * abandoned, so nothing is retried once it may have started: only a command that provably did not
 * start (the {@link HostShellException.Failure#commandDidNotRun() pre-start failures}) may be tried
 * again, by the shell while connecting or by the caller.
 *
 * <p>What comes back:
 * <ul>
 *   <li>a {@link CommandResult}: the command ran to its end. A non-zero exit status is a
 *       <em>command failure</em>, which only the caller can judge (df exits 1 when one of several
 *       directories is missing and still prints the others);</li>
 *   <li>{@link HostShellException} with {@link HostShellException.Failure#UNREACHABLE}: the host
 *       did not answer (refused, timed out, unknown name, no SSH banner); nothing ran;</li>
 *   <li>{@link HostShellException.Failure#HOST_KEY_MISMATCH} / {@code HOST_KEY_UNKNOWN}: a security
 *       problem, not an outage: the host presented a key known_hosts does not vouch for, and the
 *       connection was dropped before logging in; nothing ran;</li>
 *   <li>{@link HostShellException.Failure#LOGIN_REJECTED}: a configuration problem: the host
 *       refused every key offered (or the identity file cannot be read); nothing ran;</li>
 *   <li>{@link HostShellException.Failure#TIMED_OUT} and {@code CONNECTION_LOST}: the command
 *       started and its outcome is unknown.</li>
 * </ul>
 * Commands must not carry secrets: implementations log at most a command's first word.
 */
public interface HostShell extends AutoCloseable {

    /** Runs {@code command} through the login shell of the SSH user on {@code host}. Thread-safe. */
    CommandResult run(String host, String command, Duration timeout) throws HostShellException;

    /** Closes every connection; later calls fail. */
    @Override
    void close();
}
