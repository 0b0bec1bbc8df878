package io.gpwarden.alerts.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.incident.UsageForecast.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class UsageForecastTest {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    @Test
    void oneAndAHalfPercentAnHourFromEightyOneIsFullInAboutSixHours() {
        List<Sample> samples = new ArrayList<>();
        for (int minute = 0; minute <= 60; minute += 10) {
            samples.add(new Sample(T0.plusSeconds(minute * 60L), 89.5 + 1.5 * minute / 60.0));
        }
        // last reading 91 %, rising 1.5 %/h → 9 % left → 6 h
        Duration left = UsageForecast.timeToFull(samples, 100, Duration.ofMinutes(10)).orElseThrow();
        assertThat(left).isBetween(Duration.ofMinutes(359), Duration.ofMinutes(361));
        assertThat(UsageForecast.approximately(left)).isEqualTo("about 6 h");
    }

    @Test
    void saysNothingWithoutEnoughHonestData() {
        Sample a = new Sample(T0, 50);
        Sample b = new Sample(T0.plusSeconds(600), 60);
        Sample c = new Sample(T0.plusSeconds(1200), 55);
        assertThat(UsageForecast.timeToFull(List.of(a, b), 100, Duration.ZERO)).isEmpty();
        assertThat(UsageForecast.timeToFull(List.of(a, b, new Sample(T0.plusSeconds(30), 51)), 100,
                Duration.ofHours(1))).isEmpty();
        assertThat(UsageForecast.timeToFull(List.of(a, new Sample(T0.plusSeconds(600), 50),
                new Sample(T0.plusSeconds(1200), 50)), 100, Duration.ZERO)).as("flat").isEmpty();
        assertThat(UsageForecast.timeToFull(List.of(new Sample(T0, 60), new Sample(T0.plusSeconds(600), 55),
                new Sample(T0.plusSeconds(1200), 50)), 100, Duration.ZERO)).as("shrinking").isEmpty();
        assertThat(UsageForecast.timeToFull(List.of(new Sample(T0, 98), new Sample(T0.plusSeconds(600), 100),
                new Sample(T0.plusSeconds(1200), 102)), 100, Duration.ZERO)).as("already full").isEmpty();
        assertThat(UsageForecast.timeToFull(List.of(a, b, c), 100, Duration.ZERO)).isPresent();
    }

    @Test
    void approximationsReadLikeAPersonWouldSayThem() {
        assertThat(UsageForecast.approximately(Duration.ofSeconds(20))).isEqualTo("about 1 min");
        assertThat(UsageForecast.approximately(Duration.ofMinutes(44))).isEqualTo("about 44 min");
        assertThat(UsageForecast.approximately(Duration.ofMinutes(100))).isEqualTo("about 2 h");
        assertThat(UsageForecast.approximately(Duration.ofHours(80))).isEqualTo("about 3 days");
    }

    @Property
    void aPerfectLineIsForecastExactly(@ForAll @DoubleRange(min = 0, max = 80) double start,
                                       @ForAll @DoubleRange(min = 0.01, max = 10) double perHour,
                                       @ForAll @IntRange(min = 3, max = 30) int count) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(new Sample(T0.plusSeconds(i * 300L), start + perHour * i * 300 / 3600.0));
        }
        double last = start + perHour * (count - 1) * 300 / 3600.0;
        var forecast = UsageForecast.timeToFull(samples, 100, Duration.ZERO);
        if (last >= 100) {
            assertThat(forecast).isEmpty();
        } else {
            double expectedHours = (100 - last) / perHour;
            assertThat(forecast).isPresent();
            assertThat(forecast.get().toMillis() / 3_600_000.0).isCloseTo(expectedHours,
                    org.assertj.core.data.Offset.offset(expectedHours * 1e-6 + 1e-6));
        }
    }
}
