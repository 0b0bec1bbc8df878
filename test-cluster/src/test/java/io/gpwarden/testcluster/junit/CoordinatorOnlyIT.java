package io.gpwarden.testcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.cli.TestClusterCommand;
import io.gpwarden.testcluster.ssh.HostSshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The smallest stand-in (a coordinator with the catalog), with etcd and Kafka started beside it. */
@GreenplumCluster(hosts = 0, standby = false, etcdMembers = 1, kafka = true)
class CoordinatorOnlyIT {

    @Test
    void aCoordinatorAloneHasTheCatalogAndEmptyViews(TestCluster cluster) throws Exception {
        assertThat(cluster.catalog()).singleElement().satisfies(r -> {
            assertThat(r.dbid()).isEqualTo(1);
            assertThat(r.content()).isEqualTo(-1);
        });
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM gp_toolkit.gp_disk_free")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM gp_stat_replication")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void etcdAndKafkaRunAndAreExported(TestCluster cluster) throws Exception {
        String etcd = cluster.etcdEndpoints().orElseThrow();
        String kafka = cluster.kafkaBootstrap().orElseThrow();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(etcd + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("true");
        String[] hostPort = kafka.split(":");
        assertThat(HostSshd.accepts(hostPort[0], Integer.parseInt(hostPort[1]))).isTrue();

        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new TestClusterCommand());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("env", "--dir", cluster.directory().toString())).isZero();
        assertThat(out.toString()).contains("export GPWARDEN_ETCD_ENDPOINTS='" + etcd + "'")
                .contains("export GPWARDEN_KAFKA_BOOTSTRAP='" + kafka + "'");
    }
}
