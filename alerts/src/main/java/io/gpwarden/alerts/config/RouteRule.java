package io.gpwarden.alerts.config;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import java.util.List;
import java.util.Set;

/**
 * "Events of these kinds at this severity or above go to these channels." Rules add up: an
 * event goes to the union of the channels of every rule it matches.
 *
 * @param kinds       empty means every kind
 * @param minSeverity lowest severity that matches
 */
public record RouteRule(Set<EventKind> kinds, Severity minSeverity, List<String> channels) {

    public RouteRule {
        kinds = Set.copyOf(kinds == null ? Set.of() : kinds);
        minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
        channels = List.copyOf(channels == null ? List.of() : channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a route must name at least one channel");
        }
    }

    public boolean matches(EventKind kind, Severity severity) {
        return severity.isAtLeast(minSeverity) && (kinds.isEmpty() || kinds.contains(kind));
    }
}
