package io.gpwarden.testcluster.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void clusterBlocksLeaveRoomForGreenplumsMirrorPortRule() {
        // gpaddmirrors: highest port + 3 * offset (1000 by default) must not pass 61000.
        FreePorts ports = new FreePorts(new Random(7));
        List<InetAddress> lo = List.of(InetAddress.getLoopbackAddress());
        for (int i = 0; i < 300; i++) {
            int base = ports.pickBlock(lo, 0, 1, 1000, 1001);
            assertThat(base).isGreaterThanOrEqualTo(20000);
            assertThat(base + 1001 + 3 * 1000).isLessThanOrEqualTo(61000);
        }
    }
}
