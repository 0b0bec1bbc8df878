package io.gpwarden.alerts.config;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.incident.ChannelRateLimiter;
import io.gpwarden.alerts.incident.IncidentPolicy;
import io.gpwarden.alerts.incident.Router;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole alerting configuration, a tree of records the controller fills from its YAML.
 * Construction validates everything at once and reports every problem, each with its key
 * path (the caller prefixes the file and line it read them from).
 *
 * @param clusterName    shown in subjects and the {@code gpwardenClusterName} varbind
 * @param channels       by name, in declaration order
 * @param routes         which events go where; rules add up
 * @param policy         default incident timing
 * @param policyByKind   timing overrides per event kind
 * @param rateLimit      first contacts per channel
 * @param delivery       retries and circuit breaker
 */
public record AlertsConfig(String clusterName, Map<String, ChannelConfig> channels, List<RouteRule> routes,
                           IncidentPolicy policy, Map<EventKind, IncidentPolicy> policyByKind,
                           ChannelRateLimiter.Limit rateLimit, DeliveryPolicy delivery) {

    /** Twenty new incidents at once per channel, then one a minute: a storm becomes a summary. */
    public static final ChannelRateLimiter.Limit DEFAULT_RATE_LIMIT =
            new ChannelRateLimiter.Limit(20, java.time.Duration.ofMinutes(1));

    public AlertsConfig {
        List<String> problems = new ArrayList<>();
        if (clusterName == null || clusterName.isBlank()) {
            problems.add("alerts.cluster: a cluster name is required");
        }
        channels = channels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        for (Map.Entry<String, ChannelConfig> e : channels.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                problems.add("alerts.channels." + e.getKey() + ": name mismatch ('" + e.getValue().name() + "')");
            }
        }
        routes = List.copyOf(routes == null ? List.of() : routes);
        for (int i = 0; i < routes.size(); i++) {
            for (String channel : routes.get(i).channels()) {
                if (!channels.containsKey(channel)) {
                    problems.add("alerts.routes[" + i + "].channels: unknown channel '" + channel + "'; defined: "
                            + channels.keySet());
                }
            }
        }
        policy = policy == null ? IncidentPolicy.DEFAULT : policy;
        policyByKind = policyByKind == null || policyByKind.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new EnumMap<>(policyByKind));
        rateLimit = rateLimit == null ? DEFAULT_RATE_LIMIT : rateLimit;
        delivery = delivery == null ? DeliveryPolicy.DEFAULT : delivery;
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
    }

    public IncidentPolicy policyFor(EventKind kind) {
        return policyByKind.getOrDefault(kind, policy);
    }

    /** The routes as a {@link Router}: the union of matching rules' channels, in rule order. */
    public Router router() {
        List<RouteRule> rules = routes;
        return (EventKind kind, Severity severity) -> {
            Set<String> out = new LinkedHashSet<>();
            for (RouteRule rule : rules) {
                if (rule.matches(kind, severity)) {
                    out.addAll(rule.channels());
                }
            }
            return List.copyOf(out);
        };
    }

    public ChannelConfig channel(String name) {
        ChannelConfig channel = channels.get(name);
        if (channel == null) {
            throw new IllegalArgumentException("unknown channel '" + name + "'; defined: " + channels.keySet());
        }
        return channel;
    }
}
