package io.gpwarden.controller.ssh;

import io.gpwarden.config.SecretRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ssh:} section of controller.yaml: how the controller logs in to cluster hosts. Holds
 * file names and secret references, never a key or passphrase, so it is safe to log.
 *
 * <p>Where a host's settings come from, first match wins: its entry under {@code hosts}, then the
 * OpenSSH client config file ({@code config_file}), then this section's general values, then
 * OpenSSH's defaults (port 22, {@code ~/.ssh/id_ed25519|id_ecdsa|id_rsa}, {@code ~/.ssh/known_hosts})
 * and user {@code gpadmin}.
 *
 * <p>Invariants (checked by the reader): positive timeouts, {@code connectRetries} in 0..5,
 * {@code maxParallel} in 1..256.
 *
 * @param configFile         an OpenSSH client config (Host/HostName/Port/User/IdentityFile/UserKnownHostsFile)
 * @param user               login user, when the file does not say
 * @param port               SSH port, when the file does not say
 * @param identityFiles      private keys (key authentication only), when the file does not say
 * @param identityPassphrase the keys' passphrase, when they are encrypted
 * @param knownHosts         known_hosts files, when the file does not say; never written to
 * @param connectTimeout     bound for TCP connect + key exchange + login, per attempt
 * @param connectRetries     further attempts (with backoff) while a host is unreachable
 * @param commandTimeout     bound for one command
 * @param idleClose          a host's connection is closed after this long unused
 * @param maxOutputBytes     per stream and command; the rest is dropped
 * @param maxParallel        hosts contacted at once
 * @param hosts              per-host overrides, by {@code gp_segment_configuration.hostname}
 */
public record SshSettings(Optional<ConfiguredPath> configFile, Optional<String> user, Optional<Integer> port,
                          List<ConfiguredPath> identityFiles, Optional<SecretRef> identityPassphrase,
                          List<ConfiguredPath> knownHosts, Duration connectTimeout, int connectRetries,
                          Duration commandTimeout, Duration idleClose, long maxOutputBytes, int maxParallel,
                          Map<String, HostOverride> hosts) {

    public static final String DEFAULT_USER = "gpadmin";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_CONNECT_RETRIES = 2;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_CLOSE = Duration.ofMinutes(2);
    public static final long DEFAULT_MAX_OUTPUT = 1L << 20;
    public static final int DEFAULT_MAX_PARALLEL = 16;

    public SshSettings {
        identityFiles = List.copyOf(identityFiles);
        knownHosts = List.copyOf(knownHosts);
        hosts = Map.copyOf(hosts);
    }

    /**
     * One host's explicit settings; an empty field falls through to the file and the section.
     *
     * @param address where to connect instead of the host name (an IP or a resolvable name)
     */
    public record HostOverride(Optional<String> address, Optional<Integer> port, Optional<String> user,
                               List<ConfiguredPath> identityFiles, List<ConfiguredPath> knownHosts) {
        public HostOverride {
            identityFiles = List.copyOf(identityFiles);
            knownHosts = List.copyOf(knownHosts);
        }
    }
}
