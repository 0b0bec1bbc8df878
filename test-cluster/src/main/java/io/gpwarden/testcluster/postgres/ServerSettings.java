package io.gpwarden.testcluster.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings every server of a launcher shares, written once into the template's
 * {@code postgresql.conf}. Defaults keep an idle server near 20 MB: 16 MB of shared buffers,
 * 40 connections, no autovacuum (Greenplum does not autovacuum user tables either), no logical
 * replication launcher. {@code wal_log_hints} lets pg_rewind work; durability settings stay on
 * unless {@link #fsync} is turned off (only for speed in tests that do not test durability).
 */
public record ServerSettings(int sharedBuffersMb, int maxConnections, boolean fsync, List<String> extraLines) {

    public ServerSettings {
        extraLines = List.copyOf(extraLines);
    }

    public static ServerSettings defaults() {
        return new ServerSettings(16, 40, true, List.of());
    }

    public ServerSettings withFsync(boolean on) {
        return new ServerSettings(sharedBuffersMb, maxConnections, on, extraLines);
    }

    public ServerSettings withExtraLines(List<String> lines) {
        List<String> all = new ArrayList<>(extraLines);
        all.addAll(lines);
        return new ServerSettings(sharedBuffersMb, maxConnections, fsync, all);
    }

    /** The lines appended to the template's postgresql.conf. */
    public List<String> lines() {
        List<String> l = new ArrayList<>(List.of(
                "# --- gpwarden test cluster settings ---",
                "unix_socket_directories = ''",
                "shared_buffers = " + sharedBuffersMb + "MB",
                "max_connections = " + maxConnections,
                "max_wal_senders = 10",
                "max_replication_slots = 10",
                "wal_level = replica",
                "hot_standby = on",
                "wal_log_hints = on",
                "wal_keep_size = '256MB'",
                "min_wal_size = '32MB'",
                "max_wal_size = '256MB'",
                "wal_receiver_status_interval = 1s",
                "wal_sender_timeout = 30s",
                "wal_receiver_timeout = 30s",
                "fsync = " + (fsync ? "on" : "off"),
                "synchronous_commit = on",
                "full_page_writes = on",
                "autovacuum = off",
                "max_logical_replication_workers = 0",
                "max_worker_processes = 8",
                "logging_collector = off",
                "log_line_prefix = '%m [%p] '",
                "log_min_messages = warning",
                "huge_pages = off",
                "password_encryption = 'scram-sha-256'"));
        l.addAll(extraLines);
        return l;
    }
}
