package io.gpwarden.layout.io;

import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.plan.MirrorPlan;
import io.gpwarden.layout.plan.PlannedMirror;

/**
 * The {@code gpaddmirrors -i} file for a plan, in the order the plan generated the mirrors (the order
 * {@code gpaddmirrors -o} writes). GP6/GP7: {@code contentID|address|port|data_dir}. GP5: a
 * {@code filespaceOrder=} line (empty: only pg_system) then
 * {@code mirror<i>=content:address:port:mirror_replication_port:primary_replication_port:datadir}.
 */
public final class AddMirrorsFile {
    private AddMirrorsFile() {
    }

    public static String render(MirrorPlan plan, GpVersion version) {
        StringBuilder sb = new StringBuilder();
        if (version == GpVersion.GP5) {
            sb.append("filespaceOrder=\n");
            int i = 0;
            for (PlannedMirror m : plan.mirrors()) {
                sb.append("mirror").append(i++).append('=').append(m.content()).append(':')
                        .append(Addresses.canonical(m.address())).append(':').append(m.port()).append(':')
                        .append(m.replicationPort()).append(':').append(m.primaryReplicationPort()).append(':')
                        .append(m.datadir()).append('\n');
            }
            return sb.toString();
        }
        for (PlannedMirror m : plan.mirrors()) {
            sb.append(m.content()).append('|').append(Addresses.canonical(m.address())).append('|').append(m.port())
                    .append('|').append(m.datadir()).append('\n');
        }
        return sb.toString();
    }
}
