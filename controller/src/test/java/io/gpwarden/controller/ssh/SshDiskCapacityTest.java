package io.gpwarden.controller.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.DiskFree;
import io.gpwarden.controller.catalog.Segment;
import io.gpwarden.controller.observe.HostCheck;
import io.gpwarden.controller.ssh.DfCommand.FileSystem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSH side of the disk read, against a scripted shell: who is contacted when, what is cached,
 * what a failing or hanging host does to the others.
 */
class SshDiskCapacityTest {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final FileSystem SDB1 = new FileSystem("/dev/sdb1", 1_000_000, 400_000, "/data");
    static final FileSystem ROOT = new FileSystem("/dev/sda1", 200_000, 150_000, "/");

    final ScriptedHostShell shell = new ScriptedHostShell();
    SshDiskCapacity capacity;

    @AfterEach
    void close() {
        if (capacity != null) {
            capacity.close();
        }
    }

    /** cdw (coordinator), sdw1 (primary 0, mirror 1), sdw2 (primary 1, mirror 0). */
    static CatalogSnapshot catalog(Segment.Status sdw2Primary) {
        List<Segment> s = new ArrayList<>();
        s.add(seg(1, -1, Segment.Role.PRIMARY, "cdw", "/data/coordinator/gpseg-1", Segment.Status.UP));
        s.add(seg(2, 0, Segment.Role.PRIMARY, "sdw1", "/data/primary/gpseg0", Segment.Status.UP));
        s.add(seg(5, 0, Segment.Role.MIRROR, "sdw2", "/data/mirror/gpseg0", Segment.Status.UP));
        s.add(seg(3, 1, Segment.Role.PRIMARY, "sdw2", "/data/primary/gpseg1", sdw2Primary));
        s.add(seg(4, 1, Segment.Role.MIRROR, "sdw1", "/data/mirror/gpseg1", Segment.Status.UP));
        return new CatalogSnapshot(T0, "PostgreSQL 12 (Greenplum 7)", s, List.of(), OptionalLong.empty());
    }

    static Segment seg(int dbid, int content, Segment.Role role, String host, String dir, Segment.Status status) {
        return new Segment(dbid, content, role, role, Segment.Mode.SYNCED, status, host, host, 6000 + dbid, dir);
    }

    static ScriptedHostShell.Script everythingOn(FileSystem fs) {
        return command -> {
            Map<String, FileSystem> table = new java.util.HashMap<>();
            ScriptedHostShell.quotedWords(command).forEach(d -> table.put(d, fs));
            return ScriptedHostShell.df(table).answer(command);
        };
    }

    SshDiskCapacity capacity(int refreshReads) {
        capacity = new SshDiskCapacity("prod", shell, Duration.ofSeconds(5), refreshReads, 4,
                Clock.fixed(T0, ZoneOffset.UTC));
        return capacity;
    }

    static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void everyHostIsAskedOnceForAllItsDirectoriesAndAHangingHostDelaysNobody() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        shell.on("cdw", everythingOn(ROOT)).on("sdw1", everythingOn(SDB1)).hanging("sdw2", release, everythingOn(SDB1));
        SshDiskCapacity c = capacity(12);
        CatalogSnapshot cat = catalog(Segment.Status.UP);

        long start = System.nanoTime();
        FileSystemSizes first = c.finish(c.start(Optional.of(cat)), in(Duration.ofMillis(400)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("the read waits for the deadline, not for sdw2").isLessThan(Duration.ofSeconds(2));
        assertThat(shell.callsTo("sdw1")).hasSize(1);
        assertThat(ScriptedHostShell.quotedWords(shell.callsTo("sdw1").get(0).command()))
                .containsExactly("/data/mirror/gpseg1", "/data/primary/gpseg0");
        assertThat(first.checks().hosts().get("sdw1").state()).isEqualTo(HostCheck.State.OK);
        assertThat(first.checks().hosts().get("cdw").state()).isEqualTo(HostCheck.State.OK);
        assertThat(first.checks().hosts().get("sdw2").state()).as("no verdict yet").isEqualTo(HostCheck.State.CHECKING);
        assertThat(first.checks().settled()).isFalse();
        assertThat(first.byHost().get("sdw1")).containsEntry("/data/primary/gpseg0", SDB1);

        release.countDown();
        // The contact that outlived the first read is waited for by the next one, not started again.
        FileSystemSizes second = c.finish(c.start(Optional.of(cat)), in(Duration.ofSeconds(5)));
        assertThat(second.checks().hosts().get("sdw2").state()).isEqualTo(HostCheck.State.OK);
        assertThat(second.checks().settled()).isTrue();
        assertThat(shell.callsTo("sdw2")).hasSize(1);
    }

    @Test
    void sizesAreCachedUntilTheyAreRefreshReadsOld() {
        shell.on("cdw", everythingOn(ROOT)).on("sdw1", everythingOn(SDB1)).on("sdw2", everythingOn(SDB1));
        SshDiskCapacity c = capacity(3);
        CatalogSnapshot cat = catalog(Segment.Status.UP);
        for (int read = 1; read <= 4; read++) {
            FileSystemSizes s = c.finish(c.start(Optional.of(cat)), in(Duration.ofSeconds(5)));
            assertThat(s.byHost().get("sdw2")).as("read " + read).containsKey("/data/primary/gpseg1");
        }
        // read 1 contacts every host, reads 2 and 3 none, read 4 every host again
        assertThat(shell.callsTo("sdw1")).hasSize(2);
        assertThat(shell.calls()).hasSize(6);
    }

    @Test
    void aHostWithADownInstanceOrNewDirectoriesIsAskedAtEveryRead() {
        shell.on("cdw", everythingOn(ROOT)).on("sdw1", everythingOn(SDB1)).on("sdw2", everythingOn(SDB1));
        SshDiskCapacity c = capacity(100);
        c.finish(c.start(Optional.of(catalog(Segment.Status.UP))), in(Duration.ofSeconds(5)));
        CatalogSnapshot down = catalog(Segment.Status.DOWN);
        c.finish(c.start(Optional.of(down)), in(Duration.ofSeconds(5)));
        c.finish(c.start(Optional.of(down)), in(Duration.ofSeconds(5)));
        assertThat(shell.callsTo("sdw2")).hasSize(3);
        assertThat(shell.callsTo("sdw1")).hasSize(1);

        // gpmovemirrors put sdw1's mirror elsewhere: its directories changed, so it is asked again
        List<Segment> moved = new ArrayList<>(down.segments());
        moved.replaceAll(x -> x.dbid() == 4 ? seg(4, 1, Segment.Role.MIRROR, "sdw1", "/data2/mirror/gpseg1",
                Segment.Status.UP) : x);
        c.finish(c.start(Optional.of(new CatalogSnapshot(T0, "", moved, List.of(), OptionalLong.empty()))),
                in(Duration.ofSeconds(5)));
        assertThat(shell.callsTo("sdw1")).hasSize(2);
    }

    @Test
    void aFailingHostIsAskedAgainAtEveryReadAndKeepsItsLastSizes() {
        shell.on("cdw", everythingOn(ROOT)).on("sdw1", everythingOn(SDB1)).on("sdw2", everythingOn(SDB1));
        SshDiskCapacity c = capacity(100);
        CatalogSnapshot cat = catalog(Segment.Status.UP);
        c.finish(c.start(Optional.of(cat)), in(Duration.ofSeconds(5)));

        shell.failing("sdw2", HostShellException.Failure.UNREACHABLE, "gpadmin@sdw2:22: connection refused", null);
        // nothing makes sdw2 due until the catalog shows its primary down
        FileSystemSizes unchanged = c.finish(c.start(Optional.of(cat)), in(Duration.ofSeconds(5)));
        assertThat(unchanged.checks().hosts().get("sdw2").state()).isEqualTo(HostCheck.State.OK);

        CatalogSnapshot down = catalog(Segment.Status.DOWN);
        FileSystemSizes failed = c.finish(c.start(Optional.of(down)), in(Duration.ofSeconds(5)));
        HostCheck sdw2 = failed.checks().hosts().get("sdw2");
        assertThat(sdw2.state()).isEqualTo(HostCheck.State.UNREACHABLE);
        assertThat(sdw2.detail()).isEqualTo("gpadmin@sdw2:22: connection refused");
        assertThat(sdw2.at()).contains(T0);
        assertThat(failed.byHost().get("sdw2")).as("cached sizes survive").containsKey("/data/primary/gpseg1");
        assertThat(failed.checks().hosts().get("sdw1").state()).isEqualTo(HostCheck.State.OK);

        shell.on("sdw2", everythingOn(SDB1));
        FileSystemSizes back = c.finish(c.start(Optional.of(cat)), in(Duration.ofSeconds(5)));
        assertThat(back.checks().hosts().get("sdw2").state()).as("a failed host is asked again").isEqualTo(HostCheck.State.OK);
        assertThat(shell.callsTo("sdw2")).hasSize(3);
    }

    @Test
    void aRejectedHostKeyIsASecurityVerdictWithThePresentedFingerprint() {
        shell.on("cdw", everythingOn(ROOT)).on("sdw1", everythingOn(SDB1))
                .failing("sdw2", HostShellException.Failure.HOST_KEY_MISMATCH,
                        "127.0.1.4:22 presented ssh-ed25519 SHA256:abc, but known_hosts lists another key",
                        "ssh-ed25519 SHA256:abc");
        SshDiskCapacity c = capacity(12);
        FileSystemSizes s = c.finish(c.start(Optional.of(catalog(Segment.Status.UP))), in(Duration.ofSeconds(5)));
        HostCheck sdw2 = s.checks().hosts().get("sdw2");
        assertThat(sdw2.state()).isEqualTo(HostCheck.State.HOST_KEY_MISMATCH);
        assertThat(sdw2.state().isSecurityProblem()).isTrue();
        assertThat(sdw2.presentedKey()).contains("ssh-ed25519 SHA256:abc");
        assertThat(s.byHost().get("sdw2")).isEmpty();
        assertThat(s.checks().hosts().get("sdw1").state()).isEqualTo(HostCheck.State.OK);
    }

    @Test
    void aDfThatPrintsNothingUsableIsACommandFailureNotAnOutage() {
        shell.on("cdw", everythingOn(ROOT)).on("sdw1", everythingOn(SDB1))
                .on("sdw2", cmd -> new CommandResult(127, "", "sh: 1: df: not found\n", false, Duration.ofMillis(2)));
        SshDiskCapacity c = capacity(12);
        HostCheck sdw2 = c.finish(c.start(Optional.of(catalog(Segment.Status.UP))), in(Duration.ofSeconds(5)))
                .checks().hosts().get("sdw2");
        assertThat(sdw2.state()).isEqualTo(HostCheck.State.COMMAND_FAILED);
        assertThat(sdw2.detail()).isEqualTo("df gave no size for 2 data directories: sh: 1: df: not found (exit 127)");
    }

    @Test
    void withoutACatalogNobodyIsContacted() {
        SshDiskCapacity c = capacity(12);
        FileSystemSizes s = c.finish(c.start(Optional.empty()), in(Duration.ofSeconds(1)));
        assertThat(shell.calls()).isEmpty();
        assertThat(s.checks().enabled()).isTrue();
        assertThat(s.checks().hosts()).isEmpty();
    }

    @Test
    void gpDiskFreeRowsGetTheirSizeByHostAndDeviceOrElseBySegment() {
        CatalogSnapshot cat = catalog(Segment.Status.UP);
        FileSystemSizes sizes = new FileSystemSizes(Map.of(
                "sdw1", Map.of("/data/primary/gpseg0", SDB1),
                "sdw2", Map.of("/data/primary/gpseg1", new FileSystem("/dev/mapper/vg-data", 2_000_000, 1, "/data"))),
                io.gpwarden.controller.observe.HostChecks.DISABLED);
        List<DiskFree> rows = List.of(
                new DiskFree(0, "sdw1", "/dev/sdb1", 300_000L * 1024, OptionalLong.empty()),
                // gp_disk_free names the host and device its own way: matched through content 1's primary
                new DiskFree(1, "sdw2.example.org", "/dev/dm-0", 500_000L * 1024, OptionalLong.empty()),
                new DiskFree(2, "sdw3", "/dev/sdc1", 1024, OptionalLong.empty()),
                new DiskFree(3, "sdw1", "/dev/sdb1", 1024, OptionalLong.of(4096)));
        List<DiskFree> out = sizes.apply(rows, Optional.of(cat));
        assertThat(out.get(0).capacityBytes()).hasValue(1_000_000L * 1024);
        assertThat(out.get(0).usedPercent()).isEqualTo(70.0);
        assertThat(out.get(1).capacityBytes()).hasValue(2_000_000L * 1024);
        assertThat(out.get(1).usedPercent()).isEqualTo(75.0);
        assertThat(out.get(2).capacityBytes()).as("no size known").isEmpty();
        assertThat(out.get(3).capacityBytes()).as("a capacity table's size stands").hasValue(4096);
    }
}
