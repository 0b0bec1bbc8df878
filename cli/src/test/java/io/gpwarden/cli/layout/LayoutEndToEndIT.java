package io.gpwarden.cli.layout;

import io.gpwarden.cli.GpwardenCommand;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout commands against the Greenplum stand-in, the way a DBA uses them: plan mirrors from the
 * live catalog, apply the file with the cluster's own gpaddmirrors over SSH, check the live result;
 * then move to another strategy with gpmovemirrors, check again, and apply the backout file, which
 * must bring back exactly the catalog the plan produced.
 */
@GreenplumCluster(hosts = 3, primariesPerHost = 2, mirroring = "none", standby = false, isolated = true, fsync = false)
class LayoutEndToEndIT {
    private static Path work;

    @BeforeAll
    static void workDirectory() throws IOException {
        // gpaddmirrors and gpmovemirrors run as the cluster's OS user over SSH: they read our files and write backouts here.
        work = Files.createTempDirectory("gpwarden-layout-it-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(work);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run gpwarden(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GpwardenCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String url(TestCluster cluster) {
        return cluster.jdbcUrl() + "?user=" + URLEncoder.encode(cluster.user(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(cluster.password(), StandardCharsets.UTF_8);
    }

    /**
     * The utilities run as the cluster's OS user, this test as whoever runs the build. A DBA runs both
     * as gpadmin; here every file in the work folder is shared so the utility can read its input and,
     * when its backout file gets the same second-resolution name as the one {@code layout move} wrote,
     * overwrite it as Greenplum's would.
     */
    private static void shareWorkFiles() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
            }
        }
    }

    /** Every content has a mirror, every instance is up and every pair is in sync. */
    private static List<SegmentRow> awaitSynced(TestCluster cluster, int contents) throws InterruptedException {
        return cluster.awaitCatalog(rows -> rows.stream().filter(r -> r.content() >= 0 && r.preferredRole() == 'm').count() == contents
                && rows.stream().filter(r -> r.content() >= 0).allMatch(r -> r.status() == 'u' && r.mode() == 's'),
                Duration.ofSeconds(180));
    }

    /** content → host:port:dir of its mirror. */
    private static Map<Integer, String> mirrors(List<SegmentRow> rows) {
        Map<Integer, String> out = new TreeMap<>();
        for (SegmentRow r : rows) {
            if (r.content() >= 0 && r.preferredRole() == 'm') {
                out.put(r.content(), r.hostname() + ":" + r.port() + ":" + r.datadir());
            }
        }
        return out;
    }

    private static void apply(TestCluster cluster, String utility, Path file) throws IOException, InterruptedException {
        shareWorkFiles();
        TestCluster.CommandResult r = cluster.ssh("cdw", utility + " -a -i " + file);
        assertThat(r.exitCode()).as(utility + " said:\n" + r.stdout() + r.stderr()).isZero();
    }

    @Test
    void planApplyCheckMoveAndBackOut(TestCluster cluster) throws Exception {
        String url = url(cluster);
        String roots = cluster.directory() + "/hosts/{host}/data/mirror";
        int contents = 6;

        Path add = work.resolve("gpaddmirrors.txt");
        Run plan = gpwarden("layout", "plan", "--from-db", url, "--strategy", "group", "--mirror-dirs", roots,
                "--out", add.toString());
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(Files.readAllLines(add)).hasSize(contents);
        apply(cluster, "gpaddmirrors", add);
        Map<Integer, String> planned = mirrors(awaitSynced(cluster, contents));

        Run group = gpwarden("layout", "check", "--from-db", url, "--expect", "group");
        assertThat(group.exit()).as(group.out() + group.err()).isZero();
        assertThat(group.out()).contains("Layout: group").contains("Expected: group - matches")
                .contains("Invariants: all hold");

        Path move = work.resolve("gpmovemirrors.txt");
        Run moved = gpwarden("layout", "move", "--from-db", url, "--to", "spread", "--out", move.toString());
        assertThat(moved.exit()).as(moved.err()).isZero();
        assertThat(moved.out()).contains("3 mirror moves reach spread (3 of 6 mirrors stay)");
        Path backout;
        try (Stream<Path> files = Files.list(work)) {
            backout = files.filter(f -> f.getFileName().toString().startsWith("gpmovemirrors.txt_backout_")).findFirst()
                    .orElseThrow();
        }
        String ourBackout = Files.readString(backout);
        apply(cluster, "gpmovemirrors", move);
        awaitSynced(cluster, contents);

        Run spread = gpwarden("layout", "check", "--from-db", url, "--expect", "spread");
        assertThat(spread.exit()).as(spread.out() + spread.err()).isZero();
        assertThat(spread.out()).contains("Layout: spread").contains("Invariants: all hold");

        // gpmovemirrors may have rewritten the backout (same name within the same second): it must say the same.
        assertThat(Files.readString(backout)).isEqualTo(ourBackout);
        apply(cluster, "gpmovemirrors", backout);
        Map<Integer, String> restored = mirrors(awaitSynced(cluster, contents));
        assertThat(restored).isEqualTo(planned);
        Run back = gpwarden("layout", "check", "--from-db", url, "--expect", "group");
        assertThat(back.exit()).as(back.out() + back.err()).isZero();
    }
}
