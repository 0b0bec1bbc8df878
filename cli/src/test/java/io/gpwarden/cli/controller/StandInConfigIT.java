package io.gpwarden.cli.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.cli.GpwardenCommand;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.config.ControllerConfigReader;
import io.gpwarden.controller.config.Endpoint;
import io.gpwarden.controller.ssh.SshTarget;
import io.gpwarden.controller.ssh.SshTargets;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.junit.GreenplumCluster;
import io.gpwarden.testcluster.junit.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The controller.yaml that {@code gpwarden test-cluster up} writes into the cluster directory
 * (the test-cluster module writes it as text, not knowing the controller's classes) is one the
 * controller takes as it is: the real reader accepts it and finds the cluster in it, its ssh_config
 * reaches every host with strict host keys, and {@code gpwarden status --config} on it says
 * healthy (exit 0), then degraded (exit 1) once a primary is killed. The smallest stand-in with a
 * standby: coordinator, standby and one unmirrored primary.
 */
@GreenplumCluster(hosts = 1, primariesPerHost = 1, mirroring = "none", standby = true, isolated = true, fsync = false,
        diskUsedPercent = 40)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandInConfigIT {

    /** What one command line printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    static Run gpwarden(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GpwardenCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    @Order(1)
    void theControllersReaderTakesTheGeneratedFileAndFindsTheClusterInIt(TestCluster cluster) throws Exception {
        ControllerConfig config = ControllerConfigReader.read(cluster.controllerConfig());

        assertThat(config.cluster().name()).isEqualTo("test-cluster");
        assertThat(config.cluster().coordinator())
                .isEqualTo(new Endpoint(cluster.coordinator().address(), cluster.coordinator().port()));
        assertThat(config.cluster().standby()).contains(new Endpoint(cluster.address("scdw"), cluster.coordinator().port()));
        assertThat(config.cluster().database()).isEqualTo("postgres");
        assertThat(config.cluster().user()).isEqualTo(cluster.user());
        assertThat(config.cluster().password()).isPresent();
        assertThat(config.cluster().password().get().resolve().reveal()).isEqualTo(cluster.password());
        assertThat(config.http().bind()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isZero();
        assertThat(config.stateDirectory()).startsWithRaw(cluster.directory());
        assertThat(config.alerts()).isEmpty();
        assertThat(config.sizesOverSsh()).isTrue();

        // the ssh: section names the cluster's ssh_config, and through it every host by catalog name
        SshTargets targets = SshTargets.load(config.ssh().orElseThrow());
        for (String host : new String[] {"cdw", "scdw", "sdw1"}) {
            SshTarget t = targets.target(host);
            assertThat(t.destination()).isEqualTo(cluster.address(host));
            assertThat(t.port()).isEqualTo(cluster.sshPort());
            assertThat(t.user()).isEqualTo(cluster.sshUser());
            assertThat(t.knownHosts()).containsExactly(cluster.knownHosts());
        }
    }

    @Test
    @Order(2)
    void statusOnTheGeneratedFileIsHealthyThenDegradedAfterAPrimaryIsKilled(TestCluster cluster) throws Exception {
        String config = cluster.controllerConfig().toString();

        Run healthy = gpwarden("status", "--config", config);
        assertThat(healthy.exitCode()).as(healthy.out() + healthy.err()).isZero();
        assertThat(healthy.out()).startsWith("Cluster test-cluster: HEALTHY")
                .containsPattern("Standby +scdw \\(" + cluster.address("scdw") + "\\):\\d+ +up \\(\\d+ ms\\), WAL sender streaming")
                .containsPattern("sdw1 +\\S+ +\\[#{8}-{12}\\] +40 %")
                .contains("SSH           3 of 3 hosts answer");
        assertThat(healthy.out() + healthy.err()).doesNotContain(cluster.password());

        SegmentRow primary = cluster.catalog().stream().filter(r -> r.content() == 0 && r.isPrimary()).findFirst()
                .orElseThrow();
        cluster.kill(primary.dbid());
        Run degraded = gpwarden("status", "--config", config, "--no-disk");
        assertThat(degraded.exitCode()).as(degraded.out() + degraded.err()).isEqualTo(1);
        assertThat(degraded.out()).startsWith("Cluster test-cluster: DEGRADED")
                .containsPattern("0 +" + primary.dbid() + " +sdw1:" + primary.port() + " .*down");
    }
}
