package io.gpwarden.testcluster.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClusterLayoutTest {
    private static final Path ROOT = Path.of("/c");

    @Test
    void defaultShapeIsEighteenServersWithGpinitsystemNumbering() {
        ClusterLayout l = ClusterLayout.plan(ClusterSpec.defaults(), ROOT, 5432, 6000);
        assertThat(l.instances()).hasSize(18);
        assertThat(l.coordinator()).isEqualTo(new InstancePlan(1, -1, 'p', "cdw", "127.0.1.1", 5432,
                "/c/hosts/cdw/data/coordinator/gpseg-1"));
        assertThat(l.primaries()).extracting(InstancePlan::content).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(l.primaries()).extracting(InstancePlan::dbid).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(l.primaryOf(0).hostname()).isEqualTo("sdw1");
        assertThat(l.primaryOf(2).hostname()).isEqualTo("sdw2");
        assertThat(l.primaryOf(1).port()).isEqualTo(6001);
        assertThat(l.standby()).get().isEqualTo(new InstancePlan(18, -1, 'm', "scdw", "127.0.1.2", 5432,
                "/c/hosts/scdw/data/coordinator/gpseg-1"));
        assertThat(l.hosts()).extracting(HostPlan::name).containsExactly("cdw", "scdw", "sdw1", "sdw2", "sdw3", "sdw4");
        assertThat(l.hosts()).extracting(HostPlan::address).containsExactly("127.0.1.1", "127.0.1.2", "127.0.1.3",
                "127.0.1.4", "127.0.1.5", "127.0.1.6");
    }

    @Test
    void groupMirroringSendsAHostsMirrorsToTheNextHostWithGpaddmirrorsPortsAndDirectories() {
        ClusterLayout l = ClusterLayout.plan(ClusterSpec.defaults(), ROOT, 5432, 6000);
        Map<Integer, InstancePlan> mirrorOf = l.mirrors().stream().collect(Collectors.toMap(InstancePlan::content, m -> m));
        assertThat(mirrorOf.get(0)).isEqualTo(new InstancePlan(10, 0, 'm', "sdw2", "127.0.1.4", 7000,
                "/c/hosts/sdw2/data/mirror/gpseg0"));
        assertThat(mirrorOf.get(1).port()).isEqualTo(7001);
        assertThat(mirrorOf.get(6).hostname()).isEqualTo("sdw1");
        assertThat(mirrorOf.get(7).datadir()).isEqualTo("/c/hosts/sdw1/data/mirror/gpseg7");
    }

    @Test
    void spreadMirroringPutsAHostsMirrorsOnDistinctHosts() {
        ClusterLayout l = ClusterLayout.plan(new ClusterSpec(3, 2, Mirroring.SPREAD, false, 0, false), ROOT, 5432, 6000);
        Map<Integer, InstancePlan> mirrorOf = l.mirrors().stream().collect(Collectors.toMap(InstancePlan::content, m -> m));
        assertThat(mirrorOf.get(0).hostname()).isEqualTo("sdw2");
        assertThat(mirrorOf.get(1).hostname()).isEqualTo("sdw3");
        assertThat(mirrorOf.get(2).hostname()).isEqualTo("sdw3");
        assertThat(mirrorOf.get(3).hostname()).isEqualTo("sdw1");
    }

    @Test
    void hostsSortAsStringsAsGpaddmirrorsDoes() {
        ClusterLayout l = ClusterLayout.plan(new ClusterSpec(10, 1, Mirroring.GROUP, false, 0, false), ROOT, 5432, 6000);
        InstancePlan mirrorOfSdw1 = l.mirrors().stream().filter(m -> m.content() == 0).findFirst().orElseThrow();
        assertThat(mirrorOfSdw1.hostname()).isEqualTo("sdw10");
    }

    @Test
    void everyShapeGivesEachContentOneMirrorOffItsHostAndNoClashes() {
        for (Mirroring m : List.of(Mirroring.GROUP, Mirroring.SPREAD)) {
            for (int hosts = 2; hosts <= 9; hosts++) {
                for (int p = 1; p <= 4; p++) {
                    ClusterSpec spec = new ClusterSpec(hosts, p, m, true, 0, false);
                    if (m == Mirroring.SPREAD && hosts <= p) {
                        continue;
                    }
                    ClusterLayout l = ClusterLayout.plan(spec, ROOT, 5432, 6000);
                    assertThat(l.mirrors()).hasSize(hosts * p);
                    Set<String> hostPorts = new HashSet<>();
                    Set<String> dirs = new HashSet<>();
                    for (InstancePlan i : l.instances()) {
                        assertThat(hostPorts.add(i.hostname() + ":" + i.port())).as("port clash in %s", spec).isTrue();
                        assertThat(dirs.add(i.datadir())).isTrue();
                    }
                    for (InstancePlan mirror : l.mirrors()) {
                        assertThat(mirror.hostname()).isNotEqualTo(l.primaryOf(mirror.content()).hostname());
                    }
                    Map<String, Long> perHost = l.mirrors().stream()
                            .collect(Collectors.groupingBy(InstancePlan::hostname, Collectors.counting()));
                    long perPrimaryHost = p;
                    assertThat(perHost.values()).as("mirrors per host in %s", spec).allMatch(c -> c == perPrimaryHost);
                }
            }
        }
    }

    @Test
    void impossibleShapesSayWhatWouldWork() {
        assertThatThrownBy(() -> new ClusterSpec(2, 2, Mirroring.SPREAD, true, 0, false).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spread mirroring needs more hosts than primaries per host")
                .hasMessageContaining("use --hosts 3 or more");
        assertThatThrownBy(() -> new ClusterSpec(1, 2, Mirroring.GROUP, true, 0, false).validate())
                .hasMessageContaining("use --hosts 2 or more, or --mirroring none");
        assertThatThrownBy(() -> new ClusterSpec(2, 2, Mirroring.GROUP, true, 2, false).validate())
                .hasMessageContaining("--with-etcd must be 1 or 3");
        assertThatThrownBy(() -> Mirroring.parse("ring")).hasMessageContaining("group, spread or none");
        assertThat(ClusterSpec.coordinatorOnly().validate().instanceCount()).isEqualTo(1);
    }
}
