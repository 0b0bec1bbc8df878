package io.gpwarden.controller.config;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.config.AlertsConfig;
import io.gpwarden.alerts.config.ChannelConfig;
import io.gpwarden.alerts.config.DeliveryPolicy;
import io.gpwarden.alerts.config.MailChannelConfig;
import io.gpwarden.alerts.config.RouteRule;
import io.gpwarden.alerts.config.SnmpChannelConfig;
import io.gpwarden.alerts.config.UsmCredentials;
import io.gpwarden.alerts.incident.ChannelRateLimiter;
import io.gpwarden.alerts.incident.IncidentPolicy;
import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigNode;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.MappingReader;
import io.gpwarden.config.Secret;
import io.gpwarden.config.SecretRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code alerts:} section of controller.yaml into the alerts module's
 * {@link AlertsConfig}, with every problem located by file, line and key path (the alerts
 * module's own checks, such as "v3 needs usm", are reported at the channel they concern).
 *
 * <p>Secrets are references. The section is read twice in a controller's life: when the file is
 * validated (secrets are not resolved: {@link Secrets#UNRESOLVED}, so {@code gpwarden status} does
 * not need the SMTP password in its environment), and when alerting starts ({@link Secrets#RESOLVE}:
 * variables must be set, files must be mode 0600).
 */
public final class AlertsSectionReader {

    /** When secret references become secrets. */
    public enum Secrets {
        /** A placeholder that satisfies every length rule; for validation only. */
        UNRESOLVED,
        /** The real value from the environment or a 0600 file. */
        RESOLVE
    }

    private AlertsSectionReader() {
    }

    /** Reads the section; problems go to {@code problems}, and the result is null when there were any. */
    public static AlertsConfig read(ConfigNode section, String clusterName, Secrets secrets, ConfigProblems problems) {
        int before = problems.list().size();
        MappingReader r = MappingReader.of(section, problems);
        Map<String, ChannelConfig> channels = new LinkedHashMap<>();
        Optional<MappingReader> channelsNode = r.mapping("channels");
        Set<String> declared = new LinkedHashSet<>(channelsNode.map(c -> c.node().entries().keySet()).orElse(Set.of()));
        if (channelsNode.isPresent()) {
            for (Map.Entry<String, ConfigNode> e : channelsNode.get().node().entries().entrySet()) {
                channelsNode.get().raw(e.getKey());
                ChannelConfig channel = channel(e.getKey(), e.getValue(), secrets, problems);
                if (channel != null) {
                    channels.put(e.getKey(), channel);
                }
            }
        } else {
            problems.add(section, "alerts needs at least one channel under 'channels'");
        }
        List<RouteRule> routes = routes(r, declared, problems);
        IncidentPolicy policy = r.mapping("policy").map(p -> policy(p, IncidentPolicy.DEFAULT)).orElse(IncidentPolicy.DEFAULT);
        Map<EventKind, IncidentPolicy> byKind = new EnumMap<>(EventKind.class);
        r.mapping("policy_by_kind").ifPresent(m -> {
            for (Map.Entry<String, ConfigNode> e : m.node().entries().entrySet()) {
                m.raw(e.getKey());
                try {
                    byKind.put(EventKind.parse(e.getKey()), policy(MappingReader.of(e.getValue(), problems), policy));
                } catch (IllegalArgumentException ex) {
                    problems.add(e.getValue(), ex.getMessage());
                }
            }
        });
        ChannelRateLimiter.Limit rate = r.mapping("rate_limit").map(m -> {
            int burst = m.intValue("burst", AlertsConfig.DEFAULT_RATE_LIMIT.burst(), 1, 100_000);
            Duration every = m.duration("refill_every", ChronoUnit.SECONDS, AlertsConfig.DEFAULT_RATE_LIMIT.refillEvery());
            m.finish();
            return guarded(m.node(), problems, () -> new ChannelRateLimiter.Limit(burst, every));
        }).orElse(AlertsConfig.DEFAULT_RATE_LIMIT);
        DeliveryPolicy delivery = r.mapping("delivery").map(m -> delivery(m, problems)).orElse(DeliveryPolicy.DEFAULT);
        r.finish();
        if (problems.list().size() > before) {
            return null;
        }
        return guarded(section, problems, () -> new AlertsConfig(clusterName, channels, routes, policy, byKind,
                rate, delivery));
    }

    private static ChannelConfig channel(String name, ConfigNode node, Secrets secrets, ConfigProblems problems) {
        MappingReader c = MappingReader.of(node, problems);
        String type = c.requiredString("type");
        if (type == null) {
            c.finish();
            return null;
        }
        ChannelConfig result = switch (type) {
            case "snmp" -> snmp(name, c, secrets, problems);
            case "mail" -> mail(name, c, secrets, problems);
            default -> {
                problems.add(c.raw("type").orElseThrow(), "expected snmp or mail, got \"" + type + "\"");
                yield null;
            }
        };
        c.finish();
        return result;
    }

    private static SnmpChannelConfig snmp(String name, MappingReader c, Secrets secrets, ConfigProblems problems) {
        String host = c.requiredString("host");
        int port = c.intValue("port", 162, 1, 65535);
        SnmpChannelConfig.SnmpVersion version = c.enumValue("version", SnmpChannelConfig.SnmpVersion.class,
                SnmpChannelConfig.SnmpVersion.V3);
        SnmpChannelConfig.SnmpPdu pdu = c.enumValue("pdu", SnmpChannelConfig.SnmpPdu.class, SnmpChannelConfig.SnmpPdu.INFORM);
        Secret community = secret(c, "community", secrets, problems);
        UsmCredentials usm = c.mapping("usm").map(u -> usm(u, secrets, problems)).orElse(null);
        String engineId = c.string("local_engine_id").orElse(null);
        SnmpChannelConfig.NotificationStyle style = c.enumValue("style", SnmpChannelConfig.NotificationStyle.class,
                SnmpChannelConfig.NotificationStyle.GPWARDEN);
        Duration timeout = c.duration("timeout", ChronoUnit.SECONDS, Duration.ofSeconds(2));
        int retries = c.intValue("retries", 2, 0, 10);
        String systemName = c.string("system_name", "");
        if (host == null || (c.has("usm") && usm == null)) {
            return null;
        }
        return guarded(c.node(), problems, () -> new SnmpChannelConfig(name, host, port, version, pdu, community, usm,
                engineId, style, timeout, retries, systemName));
    }

    private static UsmCredentials usm(MappingReader u, Secrets secrets, ConfigProblems problems) {
        String user = u.requiredString("user");
        UsmCredentials.AuthProtocol auth = u.enumValue("auth", UsmCredentials.AuthProtocol.class,
                UsmCredentials.AuthProtocol.SHA256);
        Secret authPass = requiredSecret(u, "auth_passphrase", secrets, problems);
        UsmCredentials.PrivProtocol priv = u.enumValue("priv", UsmCredentials.PrivProtocol.class,
                UsmCredentials.PrivProtocol.AES128);
        Secret privPass = requiredSecret(u, "priv_passphrase", secrets, problems);
        u.finish();
        if (user == null || authPass == null || privPass == null) {
            return null;
        }
        return guarded(u.node(), problems, () -> new UsmCredentials(user, auth, authPass, priv, privPass));
    }

    private static MailChannelConfig mail(String name, MappingReader c, Secrets secrets, ConfigProblems problems) {
        String host = c.requiredString("host");
        MailChannelConfig.MailSecurity security = c.enumValue("security", MailChannelConfig.MailSecurity.class,
                MailChannelConfig.MailSecurity.STARTTLS);
        int port = c.intValue("port", security == MailChannelConfig.MailSecurity.SMTPS ? 465 : 587, 1, 65535);
        String username = c.string("username").orElse(null);
        Secret password = secret(c, "password", secrets, problems);
        String from = c.requiredString("from");
        List<String> to = c.stringList("to");
        Path trustStore = c.string("trust_store").map(Path::of).orElse(null);
        Secret trustStorePassword = secret(c, "trust_store_password", secrets, problems);
        boolean checkIdentity = c.bool("check_server_identity", true);
        Duration connectTimeout = c.duration("connect_timeout", ChronoUnit.SECONDS, Duration.ofSeconds(10));
        Duration timeout = c.duration("timeout", ChronoUnit.SECONDS, Duration.ofSeconds(30));
        if (host == null || from == null) {
            return null;
        }
        return guarded(c.node(), problems, () -> new MailChannelConfig(name, host, port, security, username, password,
                from, to, trustStore, trustStorePassword, checkIdentity, connectTimeout, timeout));
    }

    private static List<RouteRule> routes(MappingReader r, Set<String> channels, ConfigProblems problems) {
        List<MappingReader> rules = r.mappings("routes");
        if (rules.isEmpty()) {
            // No routes: every channel hears everything, which is what a first configuration expects.
            return channels.isEmpty() ? List.of() : List.of(new RouteRule(Set.of(), Severity.INFO, List.copyOf(channels)));
        }
        List<RouteRule> out = new ArrayList<>();
        for (MappingReader rule : rules) {
            Set<EventKind> kinds = new LinkedHashSet<>();
            for (ConfigNode k : rule.list("kinds")) {
                try {
                    kinds.add(EventKind.parse(k.text() == null ? "" : k.text()));
                } catch (IllegalArgumentException e) {
                    problems.add(k, e.getMessage());
                }
            }
            Severity min = rule.enumValue("min_severity", Severity.class, Severity.INFO);
            List<String> names = new ArrayList<>();
            for (ConfigNode n : rule.list("channels")) {
                if (!n.isScalar()) {
                    problems.add(n, "expected a channel name, got " + n.describe());
                } else if (!channels.contains(n.text())) {
                    problems.add(n, "unknown channel '" + n.text() + "'; defined: " + String.join(", ", channels));
                } else {
                    names.add(n.text());
                }
            }
            if (!rule.has("channels")) {
                problems.add(rule.node(), "a route needs 'channels'");
            }
            rule.finish();
            if (!names.isEmpty()) {
                out.add(new RouteRule(kinds, min, names));
            }
        }
        return out;
    }

    private static IncidentPolicy policy(MappingReader p, IncidentPolicy defaults) {
        IncidentPolicy policy = guarded(p.node(), p.problems(), () -> new IncidentPolicy(
                p.duration("open_delay", ChronoUnit.SECONDS, defaults.openDelay()),
                p.duration("flap_window", ChronoUnit.SECONDS, defaults.flapWindow()),
                p.duration("min_open", ChronoUnit.SECONDS, defaults.minOpen()),
                p.duration("notice_dedupe", ChronoUnit.SECONDS, defaults.noticeDedupe())));
        p.finish();
        return policy == null ? defaults : policy;
    }

    private static DeliveryPolicy delivery(MappingReader m, ConfigProblems problems) {
        DeliveryPolicy d = DeliveryPolicy.DEFAULT;
        Duration initial = m.duration("initial_backoff", ChronoUnit.SECONDS, d.initialBackoff());
        Duration max = m.duration("max_backoff", ChronoUnit.SECONDS, d.maxBackoff());
        double jitter = m.doubleValue("jitter", 0, 0.99).orElse(d.jitter());
        int failures = m.intValue("breaker_failures", d.breakerFailures(), 1, 1000);
        Duration openFor = m.duration("breaker_open_for", ChronoUnit.SECONDS, d.breakerOpenFor());
        Duration configBackoff = m.duration("config_error_backoff", ChronoUnit.SECONDS, d.configErrorBackoff());
        m.finish();
        DeliveryPolicy p = guarded(m.node(), problems,
                () -> new DeliveryPolicy(initial, max, jitter, failures, openFor, configBackoff));
        return p == null ? d : p;
    }

    private static Secret secret(MappingReader m, String key, Secrets secrets, ConfigProblems problems) {
        Optional<SecretRef> ref = m.secret(key, false);
        return ref.map(s -> resolve(m, key, s, secrets, problems)).orElse(null);
    }

    private static Secret requiredSecret(MappingReader m, String key, Secrets secrets, ConfigProblems problems) {
        if (!m.has(key)) {
            m.requiredString(key);
            return null;
        }
        return secret(m, key, secrets, problems);
    }

    private static Secret resolve(MappingReader m, String key, SecretRef ref, Secrets secrets, ConfigProblems problems) {
        if (secrets == Secrets.UNRESOLVED) {
            return Secret.of("unresolved-secret-placeholder", ref.toString());
        }
        try {
            return ref.resolve();
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
            return null;
        }
    }

    /** Runs an alerts-module constructor; its IllegalArgumentException becomes a problem at {@code node}. */
    private static <T> T guarded(ConfigNode node, ConfigProblems problems, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(node, e.getMessage());
            return null;
        }
    }
}
