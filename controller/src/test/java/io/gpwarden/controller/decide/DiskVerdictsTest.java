package io.gpwarden.controller.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.controller.catalog.DiskFree;
import io.gpwarden.controller.observe.DiskReading;
import io.gpwarden.controller.observe.ReadFailure;
import io.gpwarden.controller.jdbc.Reachability;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DiskVerdictsTest {
    private static final long GB = 1L << 30;
    private static final long CAPACITY = 1000 * GB;
    private final DiskVerdicts verdicts = new DiskVerdicts(ClusterScenarios.DISK_POLICY);
    private DiskMemory memory = DiskMemory.EMPTY;
    private final List<List<Condition>> history = new ArrayList<>();

    /** sdw3's data file system (two segments on it) at {@code usedPercent}, read {@code minute} minutes in. */
    private List<Condition> read(int minute, double usedPercent) {
        long free = Math.round(CAPACITY * (100 - usedPercent) / 100);
        Instant at = ClusterScenarios.T0.plusSeconds(60L * minute);
        DiskReading reading = DiskReading.of(at, List.of(
                new DiskFree(4, "sdw3", "/dev/sdc1", free, OptionalLong.of(CAPACITY)),
                new DiskFree(5, "sdw3", "/dev/sdc1", free, OptionalLong.of(CAPACITY))));
        DiskVerdicts.Outcome o = verdicts.assess(memory, reading);
        memory = o.memory();
        history.add(o.conditions());
        return o.conditions();
    }

    private static List<String> describe(List<Condition> conditions) {
        return conditions.stream().map(c -> c.key() + " " + c.severity() + ": " + c.summary()).toList();
    }

    @Test
    void crossingNinetyIsOneCriticalAndOnlyLeavingTheBandClearsIt() {
        assertThat(read(0, 50)).isEmpty();
        assertThat(describe(read(60, 92))).containsExactly(
                "disk-usage/sdw3:/dev/sdc1 CRITICAL: sdw3 /dev/sdc1 is 92 % full (critical at 90 %)");
        assertThat(read(120, 88)).extracting(Condition::severity).containsExactly(Severity.CRITICAL);
        assertThat(read(180, 91)).extracting(Condition::severity).containsExactly(Severity.CRITICAL);
        assertThat(read(240, 86)).extracting(Condition::severity).containsExactly(Severity.CRITICAL);
        assertThat(read(300, 60)).isEmpty();
        Condition first = history.get(1).get(0);
        assertThat(first.detail()).isEqualTo("80.0 GB free; segments 4, 5");
        assertThat(history.get(2).get(0).detail()).startsWith("120 GB free; segments 4, 5; at this rate full in about");
        assertThat(first.since()).isEqualTo(ClusterScenarios.T0.plusSeconds(3600));
    }

    @Test
    void theWarningBandHasHysteresisToo() {
        assertThat(read(0, 71)).extracting(Condition::severity).containsExactly(Severity.WARNING);
        assertThat(read(60, 67)).extracting(Condition::severity).containsExactly(Severity.WARNING);
        assertThat(read(120, 64)).isEmpty();
        assertThat(read(180, 69)).isEmpty();
    }

    @Test
    void aSteadyClimbIsForecastBeforeItCrossesAThreshold() {
        read(0, 40);
        read(5, 42);
        List<Condition> third = read(10, 44);
        assertThat(describe(third)).containsExactly(
                "disk-forecast/sdw3:/dev/sdc1 WARNING: sdw3 /dev/sdc1 full in about 2 h");
        assertThat(third.get(0).kind()).isEqualTo(EventKind.DISK_FORECAST);
        assertThat(read(15, 20)).as("space was freed: the trend falls").isEmpty();
    }

    @Test
    void withoutACapacityTheForecastFollowsFreeSpace() {
        for (int i = 0; i < 3; i++) {
            Instant at = ClusterScenarios.T0.plusSeconds(300L * i);
            DiskVerdicts.Outcome o = verdicts.assess(memory, DiskReading.of(at, List.of(
                    new DiskFree(0, "sdw1", "/dev/sdb1", (30 - 10L * i) * GB, OptionalLong.empty()))));
            memory = o.memory();
            history.add(o.conditions());
        }
        assertThat(describe(history.get(2))).containsExactly(
                "disk-forecast/sdw1:/dev/sdb1 WARNING: sdw1 /dev/sdb1 full in about 5 min");
    }

    @Test
    void aReadingCountsOnceAndAFailedReadKeepsTheVerdict() {
        read(0, 95);
        DiskReading same = DiskReading.of(ClusterScenarios.T0, List.of(
                new DiskFree(4, "sdw3", "/dev/sdc1", 50 * GB, OptionalLong.of(CAPACITY))));
        DiskVerdicts.Outcome again = verdicts.assess(memory, same);
        assertThat(again.memory().tracks().get("sdw3:/dev/sdc1").samples()).hasSize(1);
        DiskVerdicts.Outcome failed = verdicts.assess(memory, same.failed(
                new ReadFailure(ClusterScenarios.T0, Reachability.UNRESPONSIVE, "df timed out")));
        assertThat(failed.fresh()).isFalse();
        assertThat(failed.memory()).isEqualTo(memory);
    }
}
