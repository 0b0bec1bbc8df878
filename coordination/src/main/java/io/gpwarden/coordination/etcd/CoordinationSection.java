package io.gpwarden.coordination.etcd;

import io.gpwarden.config.ConfigNode;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.MappingReader;
import io.gpwarden.config.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code coordination:} section that controller.yaml and agent.yaml both embed:
 *
 * <pre>
 * coordination:
 *   endpoints: [https://etcd1:2379, https://etcd2:2379, https://etcd3:2379]
 *   tls:
 *     ca_file: /etc/gpwarden/etcd/ca.pem
 *     cert_file: /etc/gpwarden/etcd/client.pem      # with key_file, when etcd demands client certificates
 *     key_file: /etc/gpwarden/etcd/client-key.pem   # PKCS#8 PEM, owner-only permissions
 *   user: gpwarden                                  # etcd RBAC, with password_ref
 *   password_ref: env:GPWARDEN_ETCD_PASSWORD        # or file:/path (mode 0600); never the value
 *   call_timeout: 2s
 *   connect_timeout: 2s
 *   lease_ttl: 6s
 *   renew_margin: 2s
 * </pre>
 *
 * <p>Every problem goes to the reader's {@link ConfigProblems} with file, line and key path, and all
 * of a file's problems are reported at once. Cross-field rules: https endpoints need {@code tls},
 * {@code tls} needs https endpoints (TLS is never silently dropped), no mixed schemes;
 * {@code user} and {@code password_ref} go together, as do {@code cert_file} and {@code key_file};
 * {@code lease_ttl − renew_margin − call_timeout} (the renew window) is at least 1 s.
 */
public final class CoordinationSection {
    private static final Duration MIN_LEASE_TTL = Duration.ofSeconds(3);
    private static final Duration MIN_RENEW_WINDOW = Duration.ofSeconds(1);
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private CoordinationSection() {
    }

    /**
     * Reads {@code section} (the mapping under {@code coordination:}); empty when it had problems,
     * which are in {@code section.problems()}. Calls {@link MappingReader#finish()}.
     */
    public static Optional<EtcdSettings> read(MappingReader section) {
        ConfigProblems problems = section.problems();
        int before = problems.list().size();
        List<URI> endpoints = endpoints(section);
        Optional<EtcdSettings.Tls> tls = section.mapping("tls").flatMap(CoordinationSection::tls);
        Optional<String> user = section.string("user").map(String::trim);
        Optional<SecretRef> password = section.secret("password_ref", false);
        Duration call = positive(section, "call_timeout", EtcdSettings.DEFAULT_CALL_TIMEOUT);
        Duration connect = positive(section, "connect_timeout", EtcdSettings.DEFAULT_CONNECT_TIMEOUT);
        Duration ttl = positive(section, "lease_ttl", EtcdSettings.DEFAULT_LEASE_TTL);
        Duration margin = section.duration("renew_margin", ChronoUnit.SECONDS, EtcdSettings.DEFAULT_RENEW_MARGIN);
        section.finish();

        ConfigNode node = section.node();
        if (user.isPresent() != section.has("password_ref")) {
            problems.add(node, user.isPresent() ? "user needs password_ref (env:NAME or file:/path)"
                    : "password_ref needs user");
        }
        if (user.isPresent() && user.get().isEmpty()) {
            problems.add(node, "user is empty");
        }
        boolean https = endpoints.stream().anyMatch(u -> "https".equals(u.getScheme()));
        boolean http = endpoints.stream().anyMatch(u -> "http".equals(u.getScheme()));
        if (https && http) {
            problems.add(node, "endpoints mix http and https; use https for all of them");
        } else if (https && !section.has("tls")) {
            problems.add(node, "https endpoints need tls.ca_file (the CA that signed the etcd certificates)");
        } else if (http && section.has("tls")) {
            problems.add(node, "tls is set but the endpoints are http://; write them as https:// "
                    + "(gpwarden never drops TLS silently)");
        }
        if (ttl.compareTo(MIN_LEASE_TTL) < 0) {
            problems.add(node, "lease_ttl must be at least " + MIN_LEASE_TTL.toSeconds()
                    + "s (etcd raises shorter TTLs and an etcd leader election takes 1-2 s)");
        } else if (margin.isNegative() || margin.compareTo(ttl) >= 0) {
            problems.add(node, "renew_margin must be below lease_ttl");
        } else if (ttl.minus(margin).minus(call).compareTo(MIN_RENEW_WINDOW) < 0) {
            problems.add(node, "lease_ttl (" + ttl.toMillis() + " ms) - renew_margin (" + margin.toMillis()
                    + " ms) - call_timeout (" + call.toMillis() + " ms) leaves less than 1 s to renew the lease in");
        }
        if (problems.list().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new EtcdSettings(endpoints, tls, user, password, call, connect, ttl, margin));
    }

    private static List<URI> endpoints(MappingReader section) {
        if (!section.has("endpoints")) {
            section.requiredString("endpoints");
            return List.of();
        }
        List<URI> out = new ArrayList<>();
        int problemsBefore = section.problems().list().size();
        ConfigNode listNode = section.raw("endpoints").orElseThrow();
        List<ConfigNode> elements = listNode.isSequence() ? listNode.elements() : List.of(listNode);
        for (ConfigNode e : elements) {
            if (!e.isScalar()) {
                section.problems().add(e, "expected an endpoint URL such as https://etcd1:2379, got " + e.describe());
                continue;
            }
            for (String text : e.text().split(",")) {
                if (text.isBlank()) {
                    continue;
                }
                endpoint(e, text.trim(), section.problems()).ifPresent(out::add);
            }
        }
        if (out.isEmpty() && section.problems().list().size() == problemsBefore) {
            section.problems().add(listNode, "at least one endpoint is needed");
        }
        return out;
    }

    private static Optional<URI> endpoint(ConfigNode node, String text, ConfigProblems problems) {
        try {
            URI u = new URI(text);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                problems.add(node, "endpoint '" + text + "' must start with https:// or http://");
                return Optional.empty();
            }
            if (u.getHost() == null || u.getPort() < 1) {
                problems.add(node, "endpoint '" + text + "' needs a host and a port, e.g. https://etcd1:2379");
                return Optional.empty();
            }
            if (u.getUserInfo() != null) {
                problems.add(node, "endpoint '" + text.replace(u.getUserInfo(), "***")
                        + "' carries credentials; use user and password_ref");
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            problems.add(node, "endpoint '" + text + "' is not a URL: " + e.getReason());
            return Optional.empty();
        }
    }

    private static Optional<EtcdSettings.Tls> tls(MappingReader tls) {
        ConfigProblems problems = tls.problems();
        Optional<Path> ca = readableFile(tls, "ca_file", true, false);
        Optional<Path> cert = readableFile(tls, "cert_file", false, false);
        Optional<Path> key = readableFile(tls, "key_file", false, true);
        tls.finish();
        if (tls.has("cert_file") != tls.has("key_file")) {
            problems.add(tls.node(), "cert_file and key_file go together (the client certificate and its key)");
            return Optional.empty();
        }
        return ca.map(c -> new EtcdSettings.Tls(c, cert, key));
    }

    private static Optional<Path> readableFile(MappingReader m, String key, boolean required, boolean ownerOnly) {
        String text = required ? m.requiredString(key) : m.string(key).orElse(null);
        if (text == null) {
            return Optional.empty();
        }
        ConfigNode node = m.raw(key).orElseThrow();
        Path p = Path.of(text.trim());
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            m.problems().add(node, "file " + p + " does not exist or cannot be read");
            return Optional.empty();
        }
        if (ownerOnly) {
            try {
                Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
                loose.addAll(Files.getPosixFilePermissions(p));
                loose.retainAll(NOT_OWNER);
                if (!loose.isEmpty()) {
                    m.problems().add(node, "private key " + p + " is readable by others; chmod 600 " + p);
                    return Optional.empty();
                }
            } catch (UnsupportedOperationException | java.io.IOException ignored) {
                // Not a POSIX file system: nothing to check.
            }
        }
        return Optional.of(p);
    }

    private static Duration positive(MappingReader m, String key, Duration defaultValue) {
        Optional<Duration> d = m.duration(key, ChronoUnit.SECONDS);
        if (d.isPresent() && (d.get().isZero() || d.get().isNegative())) {
            m.problems().add(m.raw(key).orElseThrow(), "must be more than 0");
            return defaultValue;
        }
        return d.orElse(defaultValue);
    }
}
