package io.gpwarden.testcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.catalog.SegmentRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gpaddmirrors -i on a cluster without mirrors, and its refusal once mirrors exist. */
@GreenplumCluster(hosts = 2, primariesPerHost = 1, mirroring = "none", standby = false, isolated = true)
class AddMirrorsIT {

    @Test
    void addsStreamingMirrorsFromTheFileAndRefusesASecondTime(TestCluster cluster) throws Exception {
        List<SegmentRow> before = cluster.catalog();
        assertThat(before).hasSize(3);
        Path dir = Files.createTempDirectory("addmirrors", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path file = dir.resolve("mirrors.txt");
        StringBuilder lines = new StringBuilder("# content|address|port|data_dir\n");
        for (SegmentRow p : before.stream().filter(r -> r.content() >= 0).toList()) {
            String target = p.hostname().equals("sdw1") ? "sdw2" : "sdw1";
            lines.append(p.content()).append('|').append(cluster.address(target)).append('|').append(p.port() + 1000)
                    .append('|').append(cluster.directory().resolve("hosts/" + target + "/data/mirror/gpseg" + p.content()))
                    .append('\n');
        }
        Files.writeString(file, lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        TestCluster.CommandResult r = cluster.ssh("cdw", "gpaddmirrors -a -i " + file);
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.stdout()).contains("Mirror segments have been added; data synchronization is in progress.");
        List<SegmentRow> after = cluster.awaitCatalog(rows -> rows.size() == 5
                && rows.stream().filter(x -> x.content() >= 0).allMatch(x -> x.isUp() && x.mode() == 's'), Duration.ofSeconds(60));
        assertThat(after.stream().filter(x -> x.content() >= 0 && !x.isPrimary()).map(SegmentRow::dbid)).containsExactly(4, 5);

        TestCluster.CommandResult again = cluster.ssh("cdw", "gpaddmirrors -a -i " + file);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.stdout()).contains("GPDB physical mirroring cannot be added.  The cluster is already configured with Mirrors.");
    }
}
