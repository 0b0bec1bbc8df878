package io.gpwarden.controller.observe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest SSH contact with every cluster host the disk read covers, by host name. Disabled
 * when the configuration has no {@code ssh:} section (then nothing is ever checked). Immutable.
 */
public record HostChecks(boolean enabled, Map<String, HostCheck> hosts) {

    public static final HostChecks DISABLED = new HostChecks(false, Map.of());

    public HostChecks {
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    /** Whether every host has answered (or failed) at least once: no verdict is pending. */
    public boolean settled() {
        return enabled && hosts.values().stream().noneMatch(h -> h.state() == HostCheck.State.CHECKING);
    }
}
