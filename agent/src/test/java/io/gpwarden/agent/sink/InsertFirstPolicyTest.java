package io.gpwarden.agent.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsertFirstPolicyTest {
    private static List<Boolean> next(InsertFirstPolicy p, int batches) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            out.add(p.tryNow());
        }
        return out;
    }

    @Test
    void eachConsecutiveRefusalDoublesTheBatchesThatGoTheGeneralWay() {
        InsertFirstPolicy p = new InsertFirstPolicy();
        assertThat(next(p, 3)).containsOnly(true);
        p.refused();
        assertThat(next(p, 1)).containsExactly(false);
        assertThat(p.tryNow()).isTrue();
        p.refused();
        assertThat(next(p, 3)).containsExactly(false, false, true);
        p.refused();
        assertThat(next(p, 5)).containsExactly(false, false, false, false, true);
        p.succeeded();
        assertThat(next(p, 2)).containsOnly(true);
        for (int i = 0; i < 20; i++) {
            p.refused();
        }
        assertThat(next(p, InsertFirstPolicy.MAX_SKIP + 1)).endsWith(true).filteredOn(b -> !b).hasSize(InsertFirstPolicy.MAX_SKIP);
    }
}
