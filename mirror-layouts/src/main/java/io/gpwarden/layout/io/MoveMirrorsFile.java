package io.gpwarden.layout.io;

import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Segment;
import io.gpwarden.layout.move.MirrorMove;
import io.gpwarden.layout.move.MovePlan;

/**
 * The {@code gpmovemirrors -i} file for a move plan and the backout file gpmovemirrors writes beside
 * it (same format, old and new swapped), one move a line in content order.
 * GP6/GP7: {@code old_address|port|data_dir new_address|port|data_dir}.
 * GP5: {@code filespaceOrder=} then {@code old_address:port:data_dir new_address:port:replication_port:data_dir}.
 */
public final class MoveMirrorsFile {
    private MoveMirrorsFile() {
    }

    public static String render(MovePlan plan, GpVersion version) {
        return render(plan, version, false);
    }

    public static String renderBackout(MovePlan plan, GpVersion version) {
        return render(plan, version, true);
    }

    /** gpmovemirrors' backout file name: the input name + "_backout_" + %m%d%y%H%M%S. */
    public static String backoutName(String inputName, java.time.ZonedDateTime now) {
        return inputName + "_backout_" + now.format(java.time.format.DateTimeFormatter.ofPattern("MMddyyHHmmss"));
    }

    private static String render(MovePlan plan, GpVersion version, boolean backout) {
        StringBuilder sb = new StringBuilder();
        boolean gp5 = version == GpVersion.GP5;
        if (gp5) {
            sb.append("filespaceOrder=\n");
        }
        for (MirrorMove m : plan.moves()) {
            Segment f = m.from();
            String oldAddr = Addresses.canonical(f.address());
            String newAddr = Addresses.canonical(m.toAddress());
            if (!gp5) {
                String old = oldAddr + "|" + f.port() + "|" + f.datadir();
                String neu = newAddr + "|" + m.toPort() + "|" + m.toDatadir();
                sb.append(backout ? neu : old).append(' ').append(backout ? old : neu).append('\n');
                continue;
            }
            if (f.replicationPort() == null) {
                throw new LayoutException("content " + f.content() + "'s mirror has no replication_port in the input;"
                        + " a GP5 move file needs it (export gp_segment_configuration with replication_port)");
            }
            String oldShort = oldAddr + ":" + f.port() + ":" + f.datadir();
            String newShort = newAddr + ":" + m.toPort() + ":" + m.toDatadir();
            String oldLong = oldAddr + ":" + f.port() + ":" + f.replicationPort() + ":" + f.datadir();
            String newLong = newAddr + ":" + m.toPort() + ":" + m.toReplicationPort() + ":" + m.toDatadir();
            sb.append(backout ? newShort + " " + oldLong : oldShort + " " + newLong).append('\n');
        }
        return sb.toString();
    }
}
