package io.gpwarden.controller.config;

import io.gpwarden.config.ConfigNode;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.MappingReader;
import io.gpwarden.config.SecretRef;
import io.gpwarden.controller.ssh.ConfiguredPath;
import io.gpwarden.controller.ssh.SshSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code ssh:} section of controller.yaml into {@link SshSettings}. Structure only:
 * file names are checked (and {@code $VARIABLES} expanded) when the SSH side starts, like
 * secrets, so {@code gpwarden status} can read a file written for another machine. Keys:
 * <pre>
 * ssh:
 *   config_file: $GPWARDEN_SSH_CONFIG   # an OpenSSH client config (optional)
 *   user: gpadmin
 *   port: 22
 *   identity_file: ~/.ssh/id_ed25519     # one file or a list
 *   identity_passphrase: env:NAME        # a secret reference, for encrypted keys
 *   known_hosts: ~/.ssh/known_hosts      # one file or a list
 *   connect_timeout: 5s
 *   connect_retries: 2
 *   command_timeout: 30s
 *   idle_close: 2m
 *   max_output: 1MB
 *   max_parallel: 16
 *   hosts:
 *     sdw1: {address: 10.0.0.11, port: 22, user: gpadmin, identity_file: ..., known_hosts: ...}
 * </pre>
 */
final class SshSectionReader {
    /** Host names as Greenplum's catalog and DNS write them. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,31}");

    private SshSectionReader() {
    }

    static SshSettings read(MappingReader r) {
        ConfigProblems problems = r.problems();
        Optional<ConfiguredPath> configFile = path(r, "config_file");
        Optional<String> user = user(r, "user");
        Optional<Integer> port = r.intValue("port", 1, 65535);
        List<ConfiguredPath> identities = paths(r, "identity_file");
        Optional<SecretRef> passphrase = r.secret("identity_passphrase", false);
        List<ConfiguredPath> knownHosts = paths(r, "known_hosts");
        Duration connectTimeout = ControllerConfigReader.positive(r, "connect_timeout", SshSettings.DEFAULT_CONNECT_TIMEOUT);
        int retries = r.intValue("connect_retries", SshSettings.DEFAULT_CONNECT_RETRIES, 0, 5);
        Duration commandTimeout = ControllerConfigReader.positive(r, "command_timeout", SshSettings.DEFAULT_COMMAND_TIMEOUT);
        Duration idleClose = ControllerConfigReader.positive(r, "idle_close", SshSettings.DEFAULT_IDLE_CLOSE);
        long maxOutput = r.byteSize("max_output", 1024, 1L << 30).orElse(SshSettings.DEFAULT_MAX_OUTPUT);
        int maxParallel = r.intValue("max_parallel", SshSettings.DEFAULT_MAX_PARALLEL, 1, 256);
        Map<String, SshSettings.HostOverride> hosts = new LinkedHashMap<>();
        r.mapping("hosts").ifPresent(h -> {
            for (Map.Entry<String, ConfigNode> e : h.node().entries().entrySet()) {
                if (!HOST.matcher(e.getKey()).matches()) {
                    problems.add(e.getValue(), "not a host name: '" + e.getKey() + "'");
                }
                h.raw(e.getKey()).ifPresent(n -> hosts.put(e.getKey(), override(MappingReader.of(n, problems))));
            }
            h.finish();
        });
        r.finish();
        return new SshSettings(configFile, user, port, identities, passphrase, knownHosts, connectTimeout, retries,
                commandTimeout, idleClose, maxOutput, maxParallel, hosts);
    }

    private static SshSettings.HostOverride override(MappingReader r) {
        Optional<String> address = r.string("address").map(String::trim);
        address.filter(a -> a.isEmpty() || a.contains(" ")).ifPresent(a ->
                r.problems().add(r.raw("address").orElseThrow(), "expected a host name or IP address"));
        SshSettings.HostOverride o = new SshSettings.HostOverride(address, r.intValue("port", 1, 65535), user(r, "user"),
                paths(r, "identity_file"), paths(r, "known_hosts"));
        r.finish();
        return o;
    }

    private static Optional<String> user(MappingReader r, String key) {
        Optional<String> user = r.string(key).map(String::trim);
        if (user.isPresent() && !USER.matcher(user.get()).matches()) {
            r.problems().add(r.raw(key).orElseThrow(), "not a user name: '" + user.get() + "'");
            return Optional.empty();
        }
        return user;
    }

    private static Optional<ConfiguredPath> path(MappingReader r, String key) {
        return r.raw(key).flatMap(n -> toPath(n, r.problems()));
    }

    /** One file name or a list of them. */
    private static List<ConfiguredPath> paths(MappingReader r, String key) {
        List<ConfiguredPath> out = new ArrayList<>();
        Optional<ConfigNode> n = r.raw(key);
        if (n.isEmpty()) {
            return out;
        }
        List<ConfigNode> elements = n.get().isSequence() ? n.get().elements() : List.of(n.get());
        for (ConfigNode e : elements) {
            toPath(e, r.problems()).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<ConfiguredPath> toPath(ConfigNode n, ConfigProblems problems) {
        if (!n.isScalar() || n.text().isBlank()) {
            problems.add(n, "expected a file name, got " + n.describe());
            return Optional.empty();
        }
        String text = n.text().trim();
        if (!text.startsWith("/") && !text.startsWith("~") && !text.startsWith("$")) {
            problems.add(n, "use an absolute file name (or ~/..., or $VARIABLE): the controller may run from any"
                    + " directory, got \"" + text + "\"");
            return Optional.empty();
        }
        return Optional.of(new ConfiguredPath(text, n.source(), n.line(), n.path()));
    }
}
