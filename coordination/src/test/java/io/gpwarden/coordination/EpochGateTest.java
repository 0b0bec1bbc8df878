package io.gpwarden.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpochGateTest {
    @Test
    void admitsEqualAndHigherEpochsAndRefusesLowerOnes() {
        EpochGate gate = new EpochGate();
        assertThat(gate.admit(7)).isTrue();
        assertThat(gate.admit(7)).isTrue();
        assertThat(gate.admit(5)).isFalse();
        assertThat(gate.admit(9)).isTrue();
        assertThat(gate.admit(8)).isFalse();
        assertThat(gate.highest()).isEqualTo(9);
    }

    @Test
    void aGateStartedFromAnAcknowledgedEpochRefusesWhatCameBeforeIt() {
        EpochGate gate = new EpochGate(12);
        assertThat(gate.admit(11)).isFalse();
        assertThat(gate.admit(12)).isTrue();
    }
}
