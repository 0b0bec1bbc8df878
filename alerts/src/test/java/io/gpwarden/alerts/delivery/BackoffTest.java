package io.gpwarden.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.config.DeliveryPolicy;
import io.gpwarden.alerts.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffTest {

    private static final DeliveryPolicy POLICY = new DeliveryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2,
            5, Duration.ofMinutes(1), Duration.ofMinutes(5));

    private static DeliveryService service(long seed) {
        Outbox none = null;
        return new DeliveryService(none, Map.of(), POLICY, Clock.systemUTC(), DeliveryListener.NONE,
                new java.util.Random(seed));
    }

    @Property
    void backoffDoublesWithinTheJitterAndNeverPassesTheCap(@ForAll @IntRange(min = 1, max = 60) int failures,
                                                          @ForAll @LongRange long seed) {
        long millis = service(seed).backoff(failures, DeliveryException.Kind.TRANSIENT).toMillis();
        double base = Math.min(1000 * Math.pow(2, failures - 1), 300_000);
        assertThat((double) millis).isBetween(base * 0.8 - 1, base * 1.2 + 1);
    }

    @Property
    void configurationErrorsWaitAtLeastTheirOwnBackoff(@ForAll @IntRange(min = 1, max = 60) int failures,
                                                      @ForAll @LongRange long seed) {
        assertThat(service(seed).backoff(failures, DeliveryException.Kind.CONFIGURATION))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    }

}
