package io.gpwarden.testcluster.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings that belong to one server and not to its data: port, listen address, and (for a
 * replica) where it streams from. They live in a marked block at the end of
 * {@code postgresql.conf}.
 *
 * <p>pg_rewind and pg_basebackup copy the source's configuration files, so whoever copies a data
 * directory calls {@link #apply} afterwards: it replaces the block (idempotent), removes a copied
 * {@code synchronous_standby_names} from {@code postgresql.auto.conf} (synchronous replication is
 * switched on per primary, by the FTS emulation, once its own mirror is in sync) and creates or
 * removes {@code standby.signal}.
 */
public record NodeConfig(String listenAddress, int port, String primaryConninfo, Map<String, String> extra) {
    static final String BEGIN = "# --- per-node settings (rewritten after every copy of this directory) ---";
    static final String END = "# --- end of per-node settings ---";

    public NodeConfig {
        extra = Map.copyOf(extra);
    }

    /** A server that is not a replica. */
    public static NodeConfig primary(String listenAddress, int port) {
        return new NodeConfig(listenAddress, port, null, Map.of());
    }

    /** A streaming replica of {@code sourceAddress:sourcePort}, named {@code applicationName} there. */
    public static NodeConfig replica(String listenAddress, int port, String sourceAddress, int sourcePort,
                                     String superuser, String applicationName) {
        String conninfo = "host=" + sourceAddress + " port=" + sourcePort + " user=" + superuser
                + " application_name=" + applicationName + " connect_timeout=5";
        return new NodeConfig(listenAddress, port, conninfo, Map.of());
    }

    public boolean isReplica() {
        return primaryConninfo != null;
    }

    public NodeConfig withExtra(Map<String, String> more) {
        Map<String, String> m = new java.util.TreeMap<>(extra);
        m.putAll(more);
        return new NodeConfig(listenAddress, port, primaryConninfo, m);
    }

    /** Writes this node's settings into {@code datadir} (see the class comment). */
    public void apply(Path datadir) throws IOException {
        Path conf = datadir.resolve("postgresql.conf");
        List<String> kept = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(conf)) {
            if (line.equals(BEGIN)) {
                inBlock = true;
            } else if (line.equals(END)) {
                inBlock = false;
            } else if (!inBlock) {
                kept.add(line);
            }
        }
        kept.add(BEGIN);
        kept.add("listen_addresses = '" + listenAddress + "'");
        kept.add("port = " + port);
        if (primaryConninfo != null) {
            kept.add("primary_conninfo = '" + primaryConninfo.replace("'", "''") + "'");
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(extra).entrySet()) {
            kept.add(e.getKey() + " = '" + e.getValue().replace("'", "''") + "'");
        }
        kept.add(END);
        Files.write(conf, kept);

        Path auto = datadir.resolve("postgresql.auto.conf");
        if (Files.exists(auto)) {
            List<String> lines = new ArrayList<>(Files.readAllLines(auto));
            if (lines.removeIf(l -> l.trim().startsWith("synchronous_standby_names")
                    || l.trim().startsWith("primary_conninfo"))) {
                Files.write(auto, lines);
            }
        }
        Path signal = datadir.resolve("standby.signal");
        if (isReplica()) {
            if (!Files.exists(signal)) {
                Files.createFile(signal);
            }
        } else {
            Files.deleteIfExists(signal);
        }
    }

    /** Reads the per-node block of {@code datadir} back (extra settings are not kept). */
    public static NodeConfig read(Path datadir) throws IOException {
        boolean inBlock = false;
        String listen = "";
        int port = 0;
        String conninfo = null;
        for (String line : Files.readAllLines(datadir.resolve("postgresql.conf"))) {
            if (line.equals(BEGIN)) {
                inBlock = true;
            } else if (line.equals(END)) {
                inBlock = false;
            } else if (inBlock && line.startsWith("port = ")) {
                port = Integer.parseInt(line.substring(7).trim());
            } else if (inBlock && line.startsWith("listen_addresses = ")) {
                listen = unquote(line.substring("listen_addresses = ".length()));
            } else if (inBlock && line.startsWith("primary_conninfo = ")) {
                conninfo = unquote(line.substring("primary_conninfo = ".length()));
            }
        }
        return new NodeConfig(listen, port, conninfo, Map.of());
    }

    private static String unquote(String v) {
        v = v.trim();
        if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
            v = v.substring(1, v.length() - 1).replace("''", "'");
        }
        return v;
    }

    /** Reads the port recorded in {@code datadir}'s per-node block, if any. */
    public static java.util.OptionalInt recordedPort(Path datadir) throws IOException {
        int port = read(datadir).port();
        return port > 0 ? java.util.OptionalInt.of(port) : java.util.OptionalInt.empty();
    }
}
