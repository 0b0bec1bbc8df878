package io.gpwarden.layout.io;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.move.DiskSpace;

/**
 * Where a cluster description comes from: a catalog CSV export, a hosts file for a new cluster, or a
 * live cluster (the JDBC reader lives with the command line, outside this module).
 *
 * <p>Contract: {@link #read()} is called once per command and returns one consistent snapshot. It may
 * block on I/O. Bad input (unknown columns, values out of domain, an inconsistent catalog) is a
 * {@link io.gpwarden.layout.LayoutException} naming where; a source that cannot be reached is an
 * {@link java.io.UncheckedIOException}. Nothing is written anywhere.
 */
public interface ClusterSource {
    Input read();

    /** The cluster, what is known about disk space, and notes on what could not be read (never secrets). */
    record Input(Cluster cluster, DiskSpace disk, java.util.List<String> notes) {
        public Input {
            notes = java.util.List.copyOf(notes);
        }
    }
}
