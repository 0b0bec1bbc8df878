package io.gpwarden.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected keys are the list in docs/architecture.md, "Coordination through etcd". */
class KeySpaceTest {
    private final KeySpace keys = new KeySpace("prod");

    @Test
    void everyKeyIsUnderTheVersionedClusterRootAsDocumented() {
        assertThat(keys.controllerLeader()).isEqualTo("/gpwarden/v1/prod/controller/leader");
        assertThat(keys.coordinator()).isEqualTo("/gpwarden/v1/prod/coordinator");
        assertThat(keys.agent("sdw1")).isEqualTo("/gpwarden/v1/prod/agents/sdw1");
        assertThat(keys.agentAck("sdw1")).isEqualTo("/gpwarden/v1/prod/agents/sdw1/ack");
        assertThat(keys.job("orders")).isEqualTo("/gpwarden/v1/prod/jobs/orders");
        assertThat(keys.jobOwner("orders", "sdw1")).isEqualTo("/gpwarden/v1/prod/jobs/orders/owners/sdw1");
        assertThat(keys.jobStatus("orders")).isEqualTo("/gpwarden/v1/prod/jobs/orders/status");
        assertThat(keys.incident("agent-lost/sdw1")).isEqualTo("/gpwarden/v1/prod/incidents/agent-lost/sdw1");
        assertThat(keys.journal(42)).isEqualTo("/gpwarden/v1/prod/journal/00000000000000000042");
    }

    @Test
    void journalKeysSortByEpoch() {
        assertThat(keys.journal(9).compareTo(keys.journal(10))).isNegative();
    }

    @Test
    void everyBuiltKeyParsesBackToItsKindAndNames() {
        assertThat(keys.parse(keys.controllerLeader())).get().extracting(KeySpace.Parsed::kind)
                .isEqualTo(KeySpace.Kind.CONTROLLER_LEADER);
        assertThat(keys.parse(keys.agentAck("sdw1"))).contains(new KeySpace.Parsed(KeySpace.Kind.AGENT_ACK, "sdw1", "sdw1"));
        assertThat(keys.parse(keys.jobOwner("orders", "sdw2")))
                .contains(new KeySpace.Parsed(KeySpace.Kind.JOB_OWNER, "orders", "sdw2"));
        assertThat(keys.parse(keys.jobStatus("orders"))).contains(new KeySpace.Parsed(KeySpace.Kind.JOB_STATUS, "orders", ""));
        assertThat(keys.parse(keys.incident("agent-lost/sdw1")))
                .contains(new KeySpace.Parsed(KeySpace.Kind.INCIDENT, "agent-lost/sdw1", ""));
        assertThat(keys.parse(keys.journal(42))).contains(new KeySpace.Parsed(KeySpace.Kind.JOURNAL, "42", ""));
    }

    @Test
    void keysOfAnotherClusterOrOfNoKnownShapeDoNotParse() {
        assertThat(keys.parse(new KeySpace("test").coordinator())).isEmpty();
        assertThat(keys.parse("/gpwarden/v1/prod/agents/sdw1/other")).isEmpty();
        assertThat(keys.parse("/gpwarden/v1/prod/jobs/orders/owners/")).isEmpty();
    }

    @Test
    void aNameThatCouldReachIntoOtherKeysIsRefused() {
        assertThatThrownBy(() -> keys.agent("sdw1/ack")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent 'sdw1/ack' is not a valid name");
        assertThatThrownBy(() -> keys.job("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.incident("a//b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeySpace("")).isInstanceOf(IllegalArgumentException.class);
    }
}
