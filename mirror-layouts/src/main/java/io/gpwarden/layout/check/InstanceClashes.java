package io.gpwarden.layout.check;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.Segment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Port and directory clashes: no two instances on one host (coordinator and standby included) may
 * share a port, a GP5 replication port, or a data directory. These are the conflicts
 * gpaddmirrors, gpmovemirrors and gprecoverseg refuse ({@code checkForPortAndDirectoryConflicts}).
 */
public final class InstanceClashes {
    private InstanceClashes() {
    }

    /** One sentence per clash, naming the host, the port or directory and the instances (dbids). */
    public static List<String> find(Cluster cluster) {
        return violations(cluster).stream().map(Violation::message).toList();
    }

    /** Every clash as a violation of {@link Violation#NO_PORT_CLASH} or {@link Violation#NO_DIRECTORY_CLASH}. */
    public static List<Violation> violations(Cluster cluster) {
        List<Violation> out = new ArrayList<>();
        Map<String, Segment> ports = new HashMap<>();
        Map<String, Segment> dirs = new HashMap<>();
        for (Segment s : cluster.segments()) {
            claimPort(out, ports, s, s.port(), s);
            if (s.replicationPort() != null) {
                claimPort(out, ports, s, s.replicationPort(), s);
            }
            if (s.datadir() != null) {
                Segment prev = dirs.put(s.hostname() + "\u0000" + s.datadir(), s);
                if (prev != null) {
                    out.add(new Violation(Violation.NO_DIRECTORY_CLASH, "data directory " + s.datadir()
                            + " is used twice on host " + s.hostname() + " (" + label(prev) + " and " + label(s) + ")"));
                }
            }
        }
        return out;
    }

    private static void claimPort(List<Violation> out, Map<String, Segment> ports, Segment s, int port, Segment owner) {
        Segment prev = ports.put(s.hostname() + "\u0000" + port, owner);
        if (prev != null && prev != owner) {
            out.add(new Violation(Violation.NO_PORT_CLASH, "port " + port + " is used twice on host " + s.hostname()
                    + " (" + label(prev) + " and " + label(owner) + ")"));
        } else if (prev == owner) {
            out.add(new Violation(Violation.NO_PORT_CLASH, "port " + port + " is both the port and the replication port of "
                    + label(owner) + " on host " + s.hostname()));
        }
    }

    static String label(Segment s) {
        String kind = s.content() < 0 ? (s.preferredRole().code() == 'p' ? "coordinator" : "standby")
                : (s.preferredRole().code() == 'p' ? "primary" : "mirror") + " of content " + s.content();
        return kind + ", dbid " + s.dbid();
    }
}
