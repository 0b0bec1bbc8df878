package io.gpwarden.cli.layout;

import io.gpwarden.cli.GpwardenCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout commands end to end on files: outputs, exit codes, and nothing written on error. */
class LayoutCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        return run(GpwardenCommand.commandLine(), args);
    }

    private Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path hosts(int n) throws IOException {
        StringBuilder sb = new StringBuilder("# segment hosts\n");
        for (int i = 1; i <= n; i++) {
            sb.append("sdw").append(i).append('\n');
        }
        return Files.writeString(dir.resolve("hosts"), sb.toString());
    }

    /** A CSV export of a cluster with group mirrors, built by running plan and applying its file. */
    private Path groupCsv(int hosts, int perHost) throws IOException {
        StringBuilder csv = new StringBuilder("dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir\n");
        csv.append("1,-1,p,p,s,u,5432,cdw,cdw,/data/coordinator/gpseg-1\n");
        int dbid = 2;
        int contents = hosts * perHost;
        for (int c = 0; c < contents; c++) {
            int h = c / perHost + 1;
            csv.append(dbid++).append(',').append(c).append(",p,p,s,u,").append(6000 + c % perHost).append(",sdw").append(h)
                    .append(",sdw").append(h).append(",/data/primary/gpseg").append(c).append('\n');
        }
        for (int c = 0; c < contents; c++) {
            int h = c / perHost % hosts + 1;
            int m = h % hosts + 1;
            csv.append(dbid++).append(',').append(c).append(",m,m,s,u,").append(7000 + c % perHost).append(",sdw").append(m)
                    .append(",sdw").append(m).append(",/data/mirror/gpseg").append(c).append('\n');
        }
        return Files.writeString(dir.resolve("group.csv"), csv.toString());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void planWritesTheGpaddmirrorsFileAndSaysWhatItPlanned() throws IOException {
        Path out = dir.resolve("mirrors.txt");
        Run r = run("layout", "plan", "--hosts-file", hosts(3).toString(), "--primaries-per-host", "2",
                "--strategy", "group", "--mirror-dirs", "/data/mirror1,/data/mirror2", "--out", out.toString());
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(out)).isEqualTo("""
                0|sdw2|7000|/data/mirror1/gpseg0
                1|sdw2|7001|/data/mirror2/gpseg1
                2|sdw3|7000|/data/mirror1/gpseg2
                3|sdw3|7001|/data/mirror2/gpseg3
                4|sdw1|7000|/data/mirror1/gpseg4
                5|sdw1|7001|/data/mirror2/gpseg5
                """);
        assertThat(r.out()).contains("Planned 6 mirrors: group (gpaddmirrors rules), 0 violations");
    }

    @Test
    void impossibleRequestsExitTwoWithReasonAndWriteNothing() throws IOException {
        Path hosts = hosts(4);
        Path out = dir.resolve("mirrors.txt");
        Run spread = run("layout", "plan", "--hosts-file", hosts.toString(), "--primaries-per-host", "4",
                "--strategy", "spread", "--mirror-dirs", "/m", "--out", out.toString());
        assertThat(spread.exit()).isEqualTo(2);
        assertThat(spread.err()).contains("error: spread mirroring needs more hosts than primaries per host");
        Run block = run("layout", "plan", "--hosts-file", hosts.toString(), "--primaries-per-host", "2",
                "--strategy", "block", "--block-size", "3", "--mirror-dirs", "/m", "--out", out.toString());
        assertThat(block.exit()).isEqualTo(2);
        assertThat(block.err()).contains("block size 3 does not divide the 4 hosts; block sizes that work for 4 hosts: 2, 4");
        Run ports = run("layout", "plan", "--hosts-file", hosts.toString(), "--primaries-per-host", "2",
                "--strategy", "group", "--mirror-dirs", "/m", "--mirror-port-offset", "30000", "--out", out.toString());
        assertThat(ports.exit()).isEqualTo(2);
        assertThat(ports.err()).contains("outside 6432..61000");
        Run dirs = run("layout", "plan", "--hosts-file", hosts.toString(), "--primaries-per-host", "3",
                "--strategy", "group", "--mirror-dirs", "/m1,/m2", "--out", out.toString());
        assertThat(dirs.exit()).isEqualTo(2);
        assertThat(dirs.err()).contains("receives 3 mirrors: give 3 roots");
        Files.writeString(hosts, "sdw1\nsdw2\nsdw1\n");
        Run dup = run("layout", "plan", "--hosts-file", hosts.toString(), "--primaries-per-host", "1",
                "--strategy", "group", "--mirror-dirs", "/m", "--out", out.toString());
        assertThat(dup.exit()).isEqualTo(2);
        assertThat(dup.err()).contains("line 3: duplicate host sdw1 (first on line 1)");
        assertThat(files()).containsExactly(hosts);
    }

    @Test
    void badCsvInputNamesLineAndColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir,colour
                1,-1,p,p,n,u,5432,cdw,cdw,/data/coordinator/gpseg-1,red
                """);
        Run unknown = run("layout", "check", "--from-csv", csv.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("bad.csv line 1: unknown column colour");
        Files.writeString(csv, """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir
                1,-1,p,p,n,u,5432,cdw,cdw,/data/coordinator/gpseg-1
                2,0,p,p,n,u,60x0,sdw1,sdw1,/data/primary/gpseg0
                3,0,p,p,n,u,6001,sdw2,sdw2,/data/primary/gpseg0
                """);
        Run values = run("layout", "check", "--from-csv", csv.toString());
        assertThat(values.exit()).isEqualTo(2);
        assertThat(values.err()).contains("bad.csv line 3, column port: '60x0' is not a number");
        Files.writeString(csv, """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir
                1,-1,p,p,n,u,5432,cdw,cdw,/data/coordinator/gpseg-1
                2,0,p,p,n,u,6000,sdw1,sdw1,/data/primary/gpseg0
                3,0,p,p,n,u,6001,sdw2,sdw2,/data/primary/gpseg0
                4,2,p,p,n,u,6001,sdw2,sdw2,/data/primary/gpseg2
                """);
        Run inconsistent = run("layout", "check", "--from-csv", csv.toString());
        assertThat(inconsistent.exit()).isEqualTo(2);
        assertThat(inconsistent.err()).contains("inconsistent catalog").contains("content 0 has 2 rows with preferred_role p")
                .contains("content 1 is missing");
    }

    @Test
    void checkNamesTheStrategyPrintsWhatIfsAndFailsOnAMismatch() throws IOException {
        Path csv = groupCsv(6, 2);
        Run ok = run("layout", "check", "--from-csv", csv.toString(), "--expect", "group", "--fail", "sdw1,sdw2");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("Layout: group").contains("Expected: group - matches")
                .contains("Two-host failures (15 pairs): 6 pairs (40.0%) make a content unavailable")
                .contains("If sdw1, sdw2 fail: 2 contents unavailable [0, 1]");
        Run mismatch = run("layout", "check", "--from-csv", csv.toString(), "--expect", "spread");
        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.out()).contains("DOES NOT MATCH");
        Run json = run("layout", "check", "--from-csv", csv.toString(), "--json");
        assertThat(json.out()).contains("\"passed\" : true").contains("\"pairsLosingContent\" : 6");
        Run unknownHost = run("layout", "check", "--from-csv", csv.toString(), "--fail", "sdw9");
        assertThat(unknownHost.exit()).isEqualTo(2);
        assertThat(unknownHost.err()).contains("--fail names host sdw9 that carries no segment");
    }

    @Test
    void moveWritesTheMoveFileAndTheBackoutGpmovemirrorsWouldWrite() throws IOException {
        Path csv = groupCsv(5, 2);
        Path out = dir.resolve("move.txt");
        Clock clock = Clock.fixed(Instant.parse("2024-03-05T14:07:09Z"), ZoneOffset.UTC);
        Run r = run(new CommandLine(new LayoutCommand(clock)), "move", "--from-csv", csv.toString(), "--to", "spread",
                "--out", out.toString(), "--mirror-size", "10G");
        assertThat(r.exit()).isZero();
        Path backout = dir.resolve("move.txt_backout_030524140709");
        assertThat(backout).exists();
        List<String> moves = Files.readAllLines(out);
        List<String> back = Files.readAllLines(backout);
        assertThat(moves).hasSize(5).hasSameSizeAs(back);
        for (int i = 0; i < moves.size(); i++) {
            String[] m = moves.get(i).split(" ");
            assertThat(back.get(i)).isEqualTo(m[1] + " " + m[0]);
        }
        assertThat(r.out()).contains("5 mirror moves reach spread (5 of 10 mirrors stay)").contains("10.0 GiB");
    }

    @Test
    void moveRefusesAHostWithoutSpaceAndWritesNothing() throws IOException {
        Path csv = groupCsv(5, 2);
        Path free = Files.writeString(dir.resolve("free.csv"), """
                dfsegment,dfhostname,dfdevice,dfspace
                0, sdw1,/dev/sdb,1048576
                1, sdw1,/dev/sdb,1048576
                2, sdw2,/dev/sdb,104857600
                """);
        Run r = run("layout", "move", "--from-csv", csv.toString(), "--to", "spread", "--out",
                dir.resolve("move.txt").toString(), "--mirror-size", "5G", "--disk-free", free.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("sdw1 needs 5.0 GiB for 1 mirror but gp_disk_free reports 1.0 GiB free");
        assertThat(files()).containsExactly(free, csv);
    }

    @Test
    void expandAndShowWork() throws IOException {
        Path csv = groupCsv(4, 2);
        Path add = Files.writeString(dir.resolve("new-hosts"), "sdw5\nsdw6\n");
        Run r = run("layout", "expand", "--from-csv", csv.toString(), "--add-hosts", add.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(8).allMatch(l -> l.matches("sdw[56]\\|sdw[56]\\|\\d+\\|/data/\\w+/gpseg\\d+\\|\\d+\\|\\d+\\|[pm]"));
        assertThat(r.err()).contains("after expansion the layout is group with 0 violations");
        Path svg = dir.resolve("layout.svg");
        Path html = dir.resolve("layout.html");
        Run show = run("layout", "show", "--from-csv", csv.toString(), "--svg", svg.toString(), "--html", html.toString());
        assertThat(show.exit()).isZero();
        assertThat(Files.readString(svg)).startsWith("<svg").contains("P 0 → sdw2");
        assertThat(Files.readString(html)).contains("<h1>Mirror layout: group</h1>");
    }

    @Test
    void inputIsRequiredOnceAndGp5ExportsNeedTheFlag() throws IOException {
        Run none = run("layout", "check");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("give the cluster with one of --from-csv FILE, --from-db JDBC-URL, or --hosts-file");
        Path csv = Files.writeString(dir.resolve("gp5.csv"), """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,replication_port
                1,-1,p,p,s,u,5432,mdw,mdw,
                2,0,p,p,s,u,40000,sdw1,sdw1,
                3,1,p,p,s,u,40000,sdw2,sdw2,
                """);
        Run gp5 = run("layout", "check", "--from-csv", csv.toString());
        assertThat(gp5.exit()).isEqualTo(2);
        assertThat(gp5.err()).contains("this is a GP5 export (it has replication_port); pass --gp-version 5");
        Run ok = run("layout", "plan", "--from-csv", csv.toString(), "--gp-version", "5", "--strategy", "group",
                "--mirror-dirs", "/data/mirror");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).startsWith("filespaceOrder=\nmirror0=0:sdw2:41000:42000:43000:/data/mirror/gp0\n");
    }

    @Test
    void anUnreachableDatabaseExitsOneWithoutPrintingThePassword() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Run r = run("layout", "check", "--from-db",
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=gpadmin&password=s3cret&connectTimeout=2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read the cluster from jdbc:postgresql://127.0.0.1:" + port)
                .contains("password=***").doesNotContain("s3cret");
    }

    @Test
    void aLayoutAlreadyOfTheTargetWritesNoMoveFile() throws IOException {
        Path csv = groupCsv(4, 2);
        Path out = dir.resolve("move.txt");
        Run r = run("layout", "move", "--from-csv", csv.toString(), "--to", "group", "--out", out.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("already group: no mirror needs to move; no file written");
        assertThat(out).doesNotExist();
    }
}
