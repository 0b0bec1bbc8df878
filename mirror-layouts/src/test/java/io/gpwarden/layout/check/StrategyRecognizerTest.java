package io.gpwarden.layout.check;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.Layouts;
import io.gpwarden.layout.plan.Strategy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StrategyRecognizerTest {

    private static LayoutShape shape(Cluster c) {
        return StrategyRecognizer.recognize(HostLayout.of(c));
    }

    @Test
    void namesEachPlannedStrategy() {
        assertThat(shape(Layouts.mirrored(5, 3, Strategy.GROUP, 0)).describe()).isEqualTo("group");
        assertThat(shape(Layouts.mirrored(5, 3, Strategy.SPREAD, 0)).describe()).isEqualTo("spread");
        assertThat(shape(Layouts.mirrored(8, 8, Strategy.BLOCK, 4)).describe()).isEqualTo("block of size 4");
        assertThat(shape(Layouts.unmirrored(3, 2)).describe()).isEqualTo("none");
    }

    @Test
    void listsOtherStrategiesTheSameLayoutSatisfies() {
        // Two primaries per host in blocks of 4: each host's two mirrors on two different hosts of its block.
        LayoutShape s = shape(Layouts.mirrored(8, 2, Strategy.BLOCK, 4));
        assertThat(s.name()).isEqualTo("spread");
        assertThat(s.alsoMatches()).containsExactly("block of size 4");
        // Group in pairs (sdw1 <-> sdw2, sdw3 <-> sdw4) is also blocks of two.
        Cluster pairs = Layouts.fromHostIndexes(4, new int[] {0, 0, 1, 1, 2, 2, 3, 3}, new int[] {1, 1, 0, 0, 3, 3, 2, 2});
        assertThat(shape(pairs).name()).isEqualTo("group");
        assertThat(shape(pairs).alsoMatches()).containsExactly("block of size 2");
    }

    @Test
    void unbalancedOrSameHostLayoutsAreCustom() {
        // Host 0 sends both mirrors to host 1; host 1 sends to 2; host 2 to 0 and 1: host 1 receives 3.
        Cluster c = Layouts.fromHostIndexes(3, new int[] {0, 0, 1, 1, 2, 2}, new int[] {1, 1, 2, 2, 0, 1});
        assertThat(shape(c).describe()).isEqualTo("custom");
        CheckReport r = LayoutCheck.check(c, CheckOptions.DEFAULT);
        assertThat(r.violations()).extracting(Violation::rule).containsExactly(Violation.BALANCED_MIRRORS);
    }

    @Test
    void blockExpectationAcceptsSmallerClosedGroupsThatPackIntoBlocks() {
        // Blocks of 3 with one primary per host also form valid blocks of 6 (chunk ceil(1/5) = 1).
        HostLayout three = HostLayout.of(Layouts.mirrored(6, 1, Strategy.BLOCK, 3));
        assertThat(StrategyRecognizer.mismatch(three, Strategy.BLOCK, 6)).isEmpty();
        assertThat(StrategyRecognizer.mismatch(three, Strategy.BLOCK, 2)).isPresent();
        assertThat(StrategyRecognizer.packs(List.of(3, 3, 2, 2, 2), 6)).isTrue();
        assertThat(StrategyRecognizer.packs(List.of(4, 4, 4), 6)).isFalse();
    }

    @Test
    void groupIsNotSpreadWhenHostsShareAMirrorHost() {
        HostLayout group = HostLayout.of(Layouts.mirrored(6, 2, Strategy.GROUP, 0));
        assertThat(StrategyRecognizer.mismatch(group, Strategy.SPREAD, 0)).contains("some host has two or more mirrors on the same host");
        assertThat(StrategyRecognizer.mismatch(group, Strategy.GROUP, 0)).isEmpty();
    }
}
