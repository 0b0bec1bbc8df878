package io.gpwarden.controller.decide;

import static io.gpwarden.controller.decide.ClusterScenarios.T0;
import static io.gpwarden.controller.decide.ClusterScenarios.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.controller.observe.DiskReading;
import io.gpwarden.controller.observe.HostCheck;
import io.gpwarden.controller.observe.HostCheck.State;
import io.gpwarden.controller.observe.HostChecks;
import io.gpwarden.controller.observe.Observation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SSH verdicts in the decision: raised once, kept while a host has not answered, cleared by an answer. */
class HostVerdictsTest {
    private final HealthDecider decider = ClusterScenarios.decider();
    private HealthMemory memory = HealthMemory.EMPTY;

    private Decision tick(Instant at, HostChecks checks) {
        Observation h = healthy(at);
        Decision d = decider.decide(memory, new Observation(at, h.probes(), h.catalog(), DiskReading.NONE.withHosts(checks)));
        memory = d.memory();
        return d;
    }

    private static HostCheck check(String host, State state, Instant at, String detail) {
        return new HostCheck(host, state, Optional.of(at), detail, state.isSecurityProblem()
                ? Optional.of("ssh-ed25519 SHA256:AAAA") : Optional.empty());
    }

    private static HostChecks checks(HostCheck... hosts) {
        Map<String, HostCheck> m = new LinkedHashMap<>();
        for (String h : new String[] {"cdw", "scdw", "sdw1", "sdw2"}) {
            m.put(h, new HostCheck(h, State.OK, Optional.of(T0), "df of 2 data directories in 9 ms", Optional.empty()));
        }
        for (HostCheck h : hosts) {
            m.put(h.host(), h);
        }
        return new HostChecks(true, m);
    }

    @Test
    void anUnreachableHostIsOneWarningUntilItAnswersAgain() {
        assertThat(tick(T0, checks()).active()).isEmpty();
        Instant t1 = T0.plusSeconds(300);
        Decision down = tick(t1, checks(check("sdw2", State.UNREACHABLE, t1,
                "gpadmin@127.0.1.4:22: connection refused or no route (Connection refused)")));
        assertThat(down.raised()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("host-unreachable/sdw2");
            assertThat(c.kind()).isEqualTo(EventKind.HOST_UNREACHABLE);
            assertThat(c.severity()).isEqualTo(Severity.WARNING);
            assertThat(c.source()).isEqualTo(Source.SSH);
            assertThat(c.since()).isEqualTo(t1);
            assertThat(c.summary()).isEqualTo("sdw2 cannot be reached over SSH");
            assertThat(c.detail()).contains("connection refused");
        });
        assertThat(down.health()).isEqualTo(ClusterHealth.DEGRADED);
        assertThat(down.sentence()).contains("1 condition: sdw2 cannot be reached over SSH")
                .contains("raised host-unreachable/sdw2");

        Instant t2 = T0.plusSeconds(600);
        Decision still = tick(t2, checks(check("sdw2", State.UNREACHABLE, t2, "no SSH session within 5000 ms")));
        assertThat(still.raised()).isEmpty();
        assertThat(still.changed()).as("the detail changed, the summary did not").isEmpty();
        assertThat(still.active()).singleElement().satisfies(c -> assertThat(c.since()).isEqualTo(t1));

        Decision back = tick(T0.plusSeconds(900), checks());
        assertThat(back.cleared()).singleElement().satisfies(c -> {
            assertThat(c.condition().key()).isEqualTo("host-unreachable/sdw2");
            assertThat(c.resolution()).isEqualTo("sdw2 answers over SSH again");
        });
        assertThat(back.health()).isEqualTo(ClusterHealth.HEALTHY);
    }

    @Test
    void aRejectedHostKeyIsACriticalSecurityConditionWithTheFingerprint() {
        Decision d = tick(T0, checks(check("sdw1", State.HOST_KEY_MISMATCH, T0,
                "127.0.1.3:2222 presented ssh-ed25519 SHA256:AAAA, but [/kh] lists another key for it")));
        assertThat(d.raised()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("host-key-rejected/sdw1");
            assertThat(c.kind()).isEqualTo(EventKind.HOST_KEY_REJECTED);
            assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(c.summary()).isEqualTo("SECURITY: sdw1 presented an SSH host key other than the one known_hosts"
                    + " lists; refused, nothing ran");
            assertThat(c.facts()).containsEntry("presented_key", "ssh-ed25519 SHA256:AAAA");
            assertThat(c.actionTaken()).contains("no command ran on sdw1");
            assertThat(c.nextStep()).contains("ssh-keygen -lf");
        });
        Decision unknown = tick(T0.plusSeconds(1), checks(check("sdw1", State.HOST_KEY_UNKNOWN, T0, "not listed")));
        assertThat(unknown.changed()).singleElement().satisfies(c ->
                assertThat(c.summary()).contains("presented an SSH host key known_hosts does not list"));
    }

    @Test
    void keysRejectedByHostsAreOneConfigurationConditionForTheCluster() {
        Decision d = tick(T0, checks(check("sdw1", State.LOGIN_REJECTED, T0, "gpadmin@sdw1:22 accepted none of the keys"),
                check("sdw2", State.LOGIN_REJECTED, T0, "gpadmin@sdw2:22 accepted none of the keys")));
        assertThat(d.raised()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("configuration-error/ssh-login");
            assertThat(c.kind()).isEqualTo(EventKind.CONFIGURATION_ERROR);
            assertThat(c.detail()).startsWith("rejected by sdw1, sdw2; gpadmin@sdw1:22 accepted none of the keys");
        });
        assertThat(tick(T0.plusSeconds(1), checks()).cleared()).singleElement()
                .satisfies(c -> assertThat(c.resolution()).isEqualTo("SSH logins succeed again"));
    }

    @Test
    void aHostThatHasNotAnsweredYetKeepsItsVerdictFromBeforeARestart() {
        Condition unreachable = Condition.builder(EventKind.HOST_UNREACHABLE, "host-unreachable/sdw2", Source.SSH, T0)
                .host("sdw2").summary("sdw2 cannot be reached over SSH").build();
        Condition login = Condition.builder(EventKind.CONFIGURATION_ERROR, "configuration-error/ssh-login", Source.SSH, T0)
                .host("sdw1").summary("cluster hosts reject gpwarden's SSH login (key authentication)").build();
        memory = HealthMemory.restored(Map.of(unreachable.key(), unreachable, login.key(), login));

        Decision beforeAnyRead = tick(T0.plusSeconds(1), new HostChecks(true, Map.of()));
        assertThat(beforeAnyRead.cleared()).isEmpty();
        assertThat(beforeAnyRead.active()).extracting(Condition::key)
                .containsExactlyInAnyOrder("host-unreachable/sdw2", "configuration-error/ssh-login");

        Map<String, HostCheck> pending = new LinkedHashMap<>(checks().hosts());
        pending.put("sdw2", HostCheck.checking("sdw2"));
        Decision sdw2Pending = tick(T0.plusSeconds(2), new HostChecks(true, pending));
        assertThat(sdw2Pending.cleared()).isEmpty();
        assertThat(sdw2Pending.active()).hasSize(2);

        Decision answered = tick(T0.plusSeconds(3), checks());
        assertThat(answered.cleared()).extracting(c -> c.condition().key())
                .containsExactlyInAnyOrder("host-unreachable/sdw2", "configuration-error/ssh-login");
    }

    @Test
    void withoutSshNothingIsConcludedAboutHosts() {
        assertThat(tick(T0, HostChecks.DISABLED).active()).isEmpty();
        assertThat(tick(T0, checks(check("sdw1", State.COMMAND_FAILED, T0, "df gave no size"))).active())
                .as("a failing df is shown, not alerted").isEmpty();
    }
}
