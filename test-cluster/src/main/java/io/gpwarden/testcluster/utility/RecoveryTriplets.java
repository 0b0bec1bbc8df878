package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.layout.HostPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out what gprecoverseg recovers: every down segment in place from its acting peer, or the
 * lines of a {@code -i} file ({@code failedAddress|port|dir} for in place,
 * {@code failedAddress|port|dir newAddress|port|dir} for a full recovery to a new location).
 * Segments on hosts that cannot be reached are left out with a warning, as Greenplum does.
 */
final class RecoveryTriplets {
    private RecoveryTriplets() {
    }

    static Optional<SegmentRow> peer(List<SegmentRow> rows, SegmentRow r) {
        return rows.stream().filter(o -> o.content() == r.content() && o.dbid() != r.dbid()).findFirst();
    }

    /** The standard plan: every down segment, recovered in place. */
    static List<RecoveryTriplet> standard(UtilityContext ctx, List<SegmentRow> rows, boolean full) {
        List<RecoveryTriplet> out = new ArrayList<>();
        for (SegmentRow r : rows) {
            if (r.content() < 0 || r.isUp()) {
                continue;
            }
            Optional<SegmentRow> live = peer(rows, r);
            if (live.isEmpty() || !live.get().isUp() || !live.get().isPrimary()) {
                ctx.log().warn("Segment to recover from for content " + r.content() + " is not an up primary; dbid "
                        + r.dbid() + " cannot be recovered (double fault)");
                continue;
            }
            if (!ctx.reachable(r.hostname())) {
                ctx.log().warn("Not recovering segment " + r.dbid() + " because " + r.hostname() + " is unreachable");
                continue;
            }
            if (!ctx.reachable(live.get().hostname())) {
                ctx.log().warn("Not recovering segment " + r.dbid() + " because its source host "
                        + live.get().hostname() + " is unreachable");
                continue;
            }
            out.add(new RecoveryTriplet(r, live.get(), r, full));
        }
        return out;
    }

    /** The plan of a -i file; throws with the file's line number on bad input, before anything changes. */
    static List<RecoveryTriplet> fromFile(UtilityContext ctx, List<SegmentRow> rows, Path file, boolean full)
            throws java.io.IOException {
        List<RecoveryTriplet> out = new ArrayList<>();
        for (InputFile.Line line : InputFile.read(file)) {
            String[] groups = line.text().split("\\s+");
            if (groups.length != 1 && groups.length != 2) {
                throw new IllegalArgumentException("line " + line.number() + " of file " + file
                        + ": expected 1 or 2 groups of address|port|directory but found " + groups.length);
            }
            String[] failedParts = groups[0].split("\\|", -1);
            if (failedParts.length != 3) {
                throw new IllegalArgumentException("line " + line.number() + " of file " + file
                        + ": expected 3 parts in address|port|directory, got " + failedParts.length);
            }
            InputFile.checkValues(line.number(), failedParts[0], failedParts[1], failedParts[2]);
            SegmentRow failed = rows.stream().filter(r -> r.address().equals(failedParts[0])
                    && Integer.toString(r.port()).equals(failedParts[1]) && r.datadir().equals(failedParts[2]))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("A segment to recover was not found in "
                            + "configuration.  This segment is described by address|port|directory '" + groups[0] + "'"));
            if (failed.content() < 0) {
                throw new IllegalArgumentException("line " + line.number() + " of file " + file
                        + ": the coordinator and its standby cannot be recovered with gprecoverseg");
            }
            if (failed.isPrimary()) {
                throw new IllegalArgumentException("line " + line.number() + " of file " + file + ": segment " + groups[0]
                        + " is acting as primary; only a mirror or a down segment can be recovered");
            }
            SegmentRow live = peer(rows, failed).filter(p -> p.isPrimary() && p.isUp()).orElseThrow(() ->
                    new IllegalArgumentException("line " + line.number() + " of file " + file
                            + ": the peer of " + groups[0] + " is not an up primary"));
            SegmentRow target = failed;
            boolean fullHere = full;
            if (groups.length == 2) {
                String[] n = groups[1].split("\\|", -1);
                if (n.length != 3) {
                    throw new IllegalArgumentException("line " + line.number() + " of file " + file
                            + ": expected 3 parts in address|port|directory, got " + n.length);
                }
                InputFile.checkValues(line.number(), n[0], n[1], n[2]);
                HostPlan host = ctx.hostByAddress(n[0]).orElseThrow(() -> new IllegalArgumentException("line "
                        + line.number() + " of file " + file + ": unknown address " + n[0] + "; the hosts are "
                        + ctx.cluster().state().hosts().stream().map(h -> h.name() + " " + h.address()).toList()));
                Path dir = Path.of(n[2]).toAbsolutePath().normalize();
                Path hostRoot = ctx.cluster().files().hostRoot(host.name());
                if (!dir.startsWith(hostRoot)) {
                    throw new IllegalArgumentException("line " + line.number() + " of file " + file + ": directory " + n[2]
                            + " is not on " + host.name() + "'s disk (" + hostRoot + "/...)");
                }
                target = failed.withLocation(host.name(), n[0], Integer.parseInt(n[1]), dir.toString());
                fullHere = true;
            }
            out.add(new RecoveryTriplet(failed, live, target, fullHere));
        }
        return out;
    }

    /** Refuses targets that clash with another instance's port or directory on the same host. */
    static void checkConflicts(List<SegmentRow> rows, List<RecoveryTriplet> plan) {
        for (RecoveryTriplet t : plan) {
            if (t.inPlace()) {
                continue;
            }
            for (SegmentRow r : rows) {
                if (r.dbid() == t.failed().dbid()) {
                    continue;
                }
                if (r.hostname().equals(t.target().hostname()) && r.port() == t.target().port()) {
                    throw new IllegalArgumentException("Port " + r.port() + " on host " + r.hostname()
                            + " is already used by dbid " + r.dbid());
                }
                if (r.datadir().equals(t.target().datadir())) {
                    throw new IllegalArgumentException("Data directory " + r.datadir() + " is already used by dbid " + r.dbid());
                }
            }
        }
    }
}
