package io.gpwarden.layout.io;

import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.expand.ExpansionPlanner;

/**
 * The {@code gpexpand -i} file (GP6/GP7): {@code hostname|address|port|datadir|dbid|content|preferred_role},
 * one line per new segment, by content with the primary before its mirror, as gpexpand's interview
 * writes it.
 */
public final class ExpandFile {
    private ExpandFile() {
    }

    public static String render(ExpansionPlanner.Expansion expansion, GpVersion version) {
        if (version == GpVersion.GP5) {
            throw new LayoutException("layout expand writes the GP6/GP7 gpexpand input file only; GP5's format"
                    + " (with replication ports and filespaces) is not supported");
        }
        StringBuilder sb = new StringBuilder();
        for (Segment s : expansion.added()) {
            sb.append(s.hostname()).append('|').append(Addresses.canonical(s.address())).append('|').append(s.port())
                    .append('|').append(s.datadir()).append('|').append(s.dbid()).append('|').append(s.content()).append('|')
                    .append(s.preferredRole().code()).append('\n');
        }
        return sb.toString();
    }
}
