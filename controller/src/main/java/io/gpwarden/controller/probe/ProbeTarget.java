package io.gpwarden.controller.probe;

import io.gpwarden.controller.catalog.Segment;
import io.gpwarden.controller.config.Endpoint;
import java.util.Objects;

/**
 * One instance the controller probes: the coordinator and standby from the configuration (they
 * must be reachable by name even when the catalog cannot be read), and every primary from the
 * latest catalog. Mirrors are not probed: they refuse connections by design, and their primary
 * reports on them through gp_stat_replication.
 *
 * @param id       stable key: {@code coordinator}, {@code standby}, {@code dbid=<n>}
 * @param dbid     the catalog's dbid, when known
 * @param content  -1 for coordinator and standby
 * @param hostname the host name shown to humans
 */
public record ProbeTarget(String id, Kind kind, Endpoint endpoint, Integer dbid, int content, String hostname) {

    /** What the instance is, which decides how to connect and what a refusal means. */
    public enum Kind { COORDINATOR, STANDBY, PRIMARY }

    public ProbeTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
        hostname = hostname == null ? endpoint.host() : hostname;
    }

    public static ProbeTarget coordinator(Endpoint endpoint) {
        return new ProbeTarget("coordinator", Kind.COORDINATOR, endpoint, null, -1, null);
    }

    public static ProbeTarget standby(Endpoint endpoint) {
        return new ProbeTarget("standby", Kind.STANDBY, endpoint, null, -1, null);
    }

    public static ProbeTarget primary(Segment s) {
        return new ProbeTarget("dbid=" + s.dbid(), Kind.PRIMARY, s.endpoint(), s.dbid(), s.content(), s.hostname());
    }

    /** "coordinator cdw:5432", "primary seg0 (dbid 2) sdw1:6000". */
    public String describe() {
        return switch (kind) {
            case COORDINATOR -> "coordinator " + endpoint;
            case STANDBY -> "standby coordinator " + endpoint;
            case PRIMARY -> "primary seg" + content + " (dbid " + dbid + ") on " + hostname + ":" + endpoint.port();
        };
    }
}
