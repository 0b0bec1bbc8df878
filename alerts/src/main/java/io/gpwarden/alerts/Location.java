package io.gpwarden.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * Where something happened. Every field may be null when it does not apply (a disk has a
 * path but no dbid; the coordinator has content -1). Immutable.
 */
public record Location(String host, Integer dbid, Integer content, Integer port, String path) {

    public static final Location NOWHERE = new Location(null, null, null, null, null);

    public static Location host(String host) {
        return new Location(host, null, null, null, null);
    }

    public static Location segment(String host, int dbid, int content, int port) {
        return new Location(host, dbid, content, port, null);
    }

    public static Location hostPort(String host, int port) {
        return new Location(host, null, null, port, null);
    }

    public static Location path(String host, String path) {
        return new Location(host, null, null, null, path);
    }

    /** "sdw1 dbid 3 content 0 port 6000", "sdw3 /data", or "" when nothing is known. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (host != null) {
            parts.add(host);
        }
        if (path != null) {
            parts.add(path);
        }
        if (dbid != null) {
            parts.add("dbid " + dbid);
        }
        if (content != null) {
            parts.add("content " + content);
        }
        if (port != null) {
            parts.add("port " + port);
        }
        return String.join(" ", parts);
    }
}
