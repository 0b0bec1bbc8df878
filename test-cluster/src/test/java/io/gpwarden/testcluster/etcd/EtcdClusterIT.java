package io.gpwarden.testcluster.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.process.ExternalCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdClusterIT {

    private static ExternalCommand.Result etcdctl(String endpoints, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("/usr/bin/etcdctl", "--endpoints=" + endpoints,
                "--command-timeout=5s"));
        argv.addAll(List.of(args));
        return ExternalCommand.run(argv, java.util.Map.of("ETCDCTL_API", "3"), Duration.ofSeconds(20));
    }

    @Test
    void oneMemberServesReadsAndWrites() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(1)) {
            assertThat(etcd.endpoints()).matches("http://127\\.0\\.0\\.1:\\d+");
            etcdctl(etcd.endpoints(), "put", "k", "v").orThrow();
            assertThat(etcdctl(etcd.endpoints(), "get", "k", "--print-value-only").orThrow().output().trim()).isEqualTo("v");
        }
    }

    @Test
    void threeMembersKeepQuorumWhenOneIsKilledAndItRejoins() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(3)) {
            assertThat(etcd.endpoints().split(",")).hasSize(3);
            etcd.kill(0);
            assertThat(etcd.isRunning(0)).isFalse();
            String others = etcd.members().get(1).clientUrl() + "," + etcd.members().get(2).clientUrl();
            // the survivors may first have to elect a leader (a loaded 2-core machine can take seconds)
            ExternalCommand.Result put = etcdctl(others, "put", "k", "after-kill");
            for (int i = 0; i < 10 && !put.ok(); i++) {
                put = etcdctl(others, "put", "k", "after-kill");
            }
            put.orThrow();
            etcd.restart(0);
            assertThat(etcd.isHealthy(0)).isTrue();
            assertThat(etcdctl(etcd.members().get(0).clientUrl(), "get", "k", "--print-value-only").orThrow().output().trim()).isEqualTo("after-kill");
        }
    }
}
