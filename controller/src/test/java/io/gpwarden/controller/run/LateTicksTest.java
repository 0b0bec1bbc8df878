package io.gpwarden.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LateTicksTest {
    private static final long MS = 1_000_000L;

    @Test
    void onTimeTicksAndJitterAreNotLate() {
        LateTicks late = new LateTicks(Duration.ofSeconds(1));
        assertThat(late.started(0)).isEmpty();
        assertThat(late.started(1000 * MS)).isEmpty();
        assertThat(late.started(2400 * MS)).isEmpty();
        assertThat(late.count()).isZero();
    }

    @Test
    void aStallLongerThanHalfAnIntervalIsReportedOnce() {
        LateTicks late = new LateTicks(Duration.ofSeconds(1));
        late.started(0);
        assertThat(late.started(4200 * MS)).contains(Duration.ofMillis(3200));
        assertThat(late.started(5200 * MS)).isEmpty();
        assertThat(late.count()).isEqualTo(1);
    }
}
