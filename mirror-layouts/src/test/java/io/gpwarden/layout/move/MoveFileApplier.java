package io.gpwarden.layout.move;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.check.InstanceClashes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a GP6/7 gpmovemirrors input file to a catalog the way gpmovemirrors validates it (reference
 * §3): lines stripped, blank and '#' lines skipped, two whitespace-separated groups of three
 * '|'-separated parts, the old mirror found by exact address, port and directory in the mirror role,
 * and the resulting catalog free of port and directory clashes (gprecoverseg's check).
 */
final class MoveFileApplier {
    private MoveFileApplier() {
    }

    static Cluster apply(Cluster cluster, String file) {
        List<Segment> replaced = new ArrayList<>();
        Set<Integer> moved = new HashSet<>();
        String[] lines = file.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] groups = line.split("\\s+");
            if (groups.length != 2) {
                throw new IllegalArgumentException("Invalid input file on line " + (i + 1));
            }
            String[] old = groups[0].split("\\|", -1);
            String[] neu = groups[1].split("\\|", -1);
            if (old.length != 3 || neu.length != 3) {
                throw new IllegalArgumentException("Invalid input file on line " + (i + 1));
            }
            Segment found = null;
            for (Segment s : cluster.segments()) {
                if (s.address().equals(old[0]) && String.valueOf(s.port()).equals(old[1]) && old[2].equals(s.datadir())) {
                    found = s;
                }
            }
            if (found == null || found.content() < 0 || found.role().code() != 'm') {
                throw new IllegalArgumentException("line " + (i + 1) + ": no mirror at " + groups[0]);
            }
            if (!moved.add(found.dbid())) {
                throw new IllegalArgumentException("line " + (i + 1) + ": mirror moved twice");
            }
            String host = hostOfAddress(cluster, neu[0]);
            replaced.add(new Segment(found.dbid(), found.content(), found.role(), found.preferredRole(), found.mode(),
                    found.status(), Integer.parseInt(neu[1]), host, neu[0], neu[2], found.replicationPort()));
        }
        Cluster after = cluster.withReplaced(replaced);
        List<String> clashes = InstanceClashes.find(after);
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException("conflicts: " + clashes);
        }
        return after;
    }

    private static String hostOfAddress(Cluster cluster, String address) {
        for (Segment s : cluster.segments()) {
            if (s.address().equals(address)) {
                return s.hostname();
            }
        }
        throw new IllegalArgumentException("unknown address " + address);
    }
}
