package io.gpwarden.alerts.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    private final Thresholds disk = Thresholds.DISK_PERCENT;

    @Test
    void diskFillPastNinetyThenBackUnderTheBand() {
        Level level = Level.OK;
        List<Level> seen = new ArrayList<>();
        for (double used : new double[] {50, 69.9, 70, 80, 89, 90, 95, 88, 86, 85, 84.9, 70, 66, 65, 64.9}) {
            level = disk.next(level, used);
            seen.add(level);
        }
        assertThat(seen).containsExactly(Level.OK, Level.OK, Level.WARNING, Level.WARNING, Level.WARNING,
                Level.CRITICAL, Level.CRITICAL, Level.CRITICAL, Level.CRITICAL, Level.CRITICAL, Level.WARNING,
                Level.WARNING, Level.WARNING, Level.WARNING, Level.OK);
    }

    @Test
    void aMissingReadingIsNotARecovery() {
        assertThat(disk.next(Level.CRITICAL, Double.NaN)).isEqualTo(Level.CRITICAL);
    }

    @Test
    void inconsistentThresholdsAreRejectedWithTheirNames() {
        assertThatThrownBy(() -> new Thresholds(70, 90, 75, 85)).hasMessageContaining("warnClear");
        assertThatThrownBy(() -> new Thresholds(95, 90, 65, 85)).hasMessageContaining("critical");
        assertThatThrownBy(() -> new Thresholds(70, 90, 65, 91)).hasMessageContaining("criticalClear");
    }

    @Property
    void valuesInsideABandNeverChangeTheLevel(@ForAll("levels") Level start,
                                              @ForAll @Size(max = 50) List<@DoubleRange(min = 65, max = 69.99) Double> inWarnBand) {
        Level entered = disk.next(start, 67);
        Level level = entered;
        for (double v : inWarnBand) {
            level = disk.next(level, v);
            assertThat(level).isEqualTo(entered);
        }
    }

    @Property
    void theLevelIsMonotoneInTheValue(@ForAll("levels") Level previous,
                                      @ForAll @DoubleRange(min = 0, max = 100) double a,
                                      @ForAll @DoubleRange(min = 0, max = 100) double b) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        assertThat(disk.next(previous, lo)).isLessThanOrEqualTo(disk.next(previous, hi));
    }

    @Property
    void eachLevelChangeNeedsACrossingOfTheBand(@ForAll @Size(min = 1, max = 200)
                                                List<@DoubleRange(min = 0, max = 100) Double> readings) {
        // Count alerts: every change of level must be justified by a threshold or a clear mark.
        Level level = Level.OK;
        for (double v : readings) {
            Level next = disk.next(level, v);
            if (next.compareTo(level) > 0) {
                assertThat(v).isGreaterThanOrEqualTo(next == Level.CRITICAL ? 90 : 70);
            } else if (next.compareTo(level) < 0) {
                assertThat(v).isLessThan(level == Level.CRITICAL ? 85 : 65);
            }
            level = next;
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Level> levels() {
        return net.jqwik.api.Arbitraries.of(Level.class);
    }
}
