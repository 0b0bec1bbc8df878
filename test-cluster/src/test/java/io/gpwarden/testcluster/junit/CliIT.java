package io.gpwarden.testcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.cli.TestClusterCommand;
import io.gpwarden.testcluster.process.ExternalCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The test-cluster commands against the shared running cluster: output, env for eval, exit codes. */
@GreenplumCluster(hosts = 2, primariesPerHost = 2)
class CliIT {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new TestClusterCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void statusShowsHostsInstancesAndServices(TestCluster cluster) {
        Run r = run("status", "--dir", cluster.directory().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("health: HEALTHY").contains("acting coordinator cdw 127.0.1.1:")
                .contains("sdw2   127.0.1.4").containsPattern("FTS: pid \\d+, supervisor pid \\d+").contains("memory:");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+-?\\d+\\s+[pm]\\s+[pm]\\s+[sn]\\s+[ud].*"))).hasSize(10);
    }

    @Test
    void envCanBeEvaluatedAndDrivesSshToTheUtilities(TestCluster cluster) {
        Run env = run("env", "--dir", cluster.directory().toString());
        assertThat(env.exitCode()).isZero();
        assertThat(env.out()).contains("export PGHOST='127.0.1.1'", "export PGPORT='" + cluster.coordinator().port() + "'",
                "export PGUSER='gpadmin'", "export PGDATABASE='postgres'",
                "export GPWARDEN_SSH_CONFIG='" + cluster.sshConfig() + "'",
                "export GPWARDEN_CONTROLLER_CONFIG='" + cluster.controllerConfig() + "'");
        assertThat(env.out()).doesNotContain("GPWARDEN_ETCD_ENDPOINTS").doesNotContain(cluster.password());
        ExternalCommand.Result r = ExternalCommand.run(List.of("bash", "-c", env.out()
                + "\nssh -F \"$GPWARDEN_SSH_CONFIG\" sdw1 gpstate -e && psql -Atc 'SELECT count(*) FROM gp_segment_configuration'"),
                Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("All segments are running normally").contains("\n10\n");
    }

    @Test
    void upRefusesWhileTheClusterRuns(TestCluster cluster) {
        Run r = run("up", "--dir", cluster.directory().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("already running").contains("gpwarden test-cluster down --dir");
    }

    @Test
    void badInputExitsTwoAndSaysWhatWouldWork(TestCluster cluster, @TempDir Path empty) {
        String dir = cluster.directory().toString();
        Run host = run("stop-host", "sdw9", "--dir", dir);
        assertThat(host.exitCode()).isEqualTo(2);
        assertThat(host.err()).contains("unknown host 'sdw9'").contains("cdw, scdw, sdw1, sdw2");

        Run dbid = run("kill", "99", "--dir", dir);
        assertThat(dbid.exitCode()).isEqualTo(2);
        assertThat(dbid.err()).contains("no instance with dbid 99").contains("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]");

        Run fill = run("disk-fill", "sdw1", "lots", "--dir", dir);
        assertThat(fill.exitCode()).isEqualTo(2);
        assertThat(fill.err()).contains("0 to 100 or 'off'");

        Run spread = run("up", "--hosts", "2", "--primaries-per-host", "2", "--mirroring", "spread", "--dir", empty.toString());
        assertThat(spread.exitCode()).isEqualTo(2);
        assertThat(spread.err()).contains("spread mirroring needs more hosts than primaries per host")
                .contains("use --hosts 3 or more, or --mirroring group");
        assertThat(empty.resolve("cluster.json")).doesNotExist();

        Run etcd = run("up", "--with-etcd", "2", "--dir", empty.toString());
        assertThat(etcd.exitCode()).isEqualTo(2);
        assertThat(etcd.err()).contains("--with-etcd must be 1 or 3");

        Run mirroring = run("up", "--mirroring", "ring", "--dir", empty.toString());
        assertThat(mirroring.exitCode()).isEqualTo(2);
        assertThat(mirroring.err()).contains("group, spread or none");

        Run notANumber = run("kill", "two", "--dir", dir);
        assertThat(notANumber.exitCode()).isEqualTo(2);

        Run nothing = run("status", "--dir", empty.resolve("none").toString());
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("no test cluster in").contains("gpwarden test-cluster up --dir");
        assertThat(Files.exists(empty.resolve("none"))).isFalse();
    }
}
