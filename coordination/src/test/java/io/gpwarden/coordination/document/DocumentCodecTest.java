package io.gpwarden.coordination.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentCodecTest {
    private final DocumentCodec codec = new DocumentCodec();

    @Test
    void writesTheFormatVersionFirstAndSnakeCaseKeys() {
        String json = codec.write(new AgentDocument("sdw1", "0.1.0", List.of("orders"), true, 1500.5));

        assertThat(json).isEqualTo("{\"v\":1,\"host\":\"sdw1\",\"version\":\"0.1.0\",\"jobs\":[\"orders\"],"
                + "\"sees_coordinator\":true,\"rows_per_second\":1500.5}");
    }

    @Test
    void everyDocumentReadsBackAsWritten() {
        Instant at = Instant.parse("2026-12-04T18:00:00Z");
        List<Object> documents = List.of(
                new LeaderDocument("ctl-a", "mdw", "0.1.0", "http://mdw:8080/status", at),
                new CoordinatorDocument(7, "scdw", "127.0.1.2", 5432, CoordinatorDocument.Phase.FAILING_OVER),
                new AgentDocument("sdw1", "0.1.0", List.of(), false, 0),
                new AckDocument(7, CoordinatorDocument.Phase.REROUTE),
                new JobDocument("version: v3\n", JobDocument.Desired.RUNNING),
                new OwnerDocument("sdw1", List.of(0, 2)),
                new JobStatusDocument(JobStatusDocument.State.ERROR, "sdw1", 10, 2, "boom"),
                new IncidentDocument(IncidentDocument.State.OPEN, "critical", "coordinator down", at, null, 7),
                new JournalDocument(7, "coordinator-down", List.of(
                        new JournalDocument.Step("fence", JournalDocument.StepState.DONE, at, "pid moved aside"))));
        for (Object d : documents) {
            assertThat(codec.read("/k", codec.write(d), d.getClass())).isEqualTo(d);
        }
    }

    @Test
    void fieldsAddedByANewerMinorVersionAreIgnored() {
        AckDocument ack = codec.read("/k", "{\"v\":1,\"epoch\":3,\"phase\":\"ACTIVE\",\"added_later\":{\"x\":1}}",
                AckDocument.class);

        assertThat(ack).isEqualTo(new AckDocument(3, CoordinatorDocument.Phase.ACTIVE));
    }

    @Test
    void aDocumentOfANewerMajorVersionIsRefusedNamingTheKeyAndBothVersions() {
        assertThatThrownBy(() -> codec.read("/gpwarden/v1/prod/agents/a/ack", "{\"v\":2,\"epoch\":3}", AckDocument.class))
                .isInstanceOf(DocumentException.class)
                .hasMessage("/gpwarden/v1/prod/agents/a/ack: written in document format v2 by a newer gpwarden; "
                        + "this one reads v1: upgrade it");
    }

    @Test
    void aDocumentWithoutVersionOrNotJsonIsRefused() {
        assertThatThrownBy(() -> codec.read("/k", "{\"epoch\":3}", AckDocument.class))
                .hasMessageContaining("/k: no format version");
        assertThatThrownBy(() -> codec.read("/k", "epoch=3", AckDocument.class))
                .hasMessageContaining("/k: not a JSON document");
        assertThatThrownBy(() -> codec.read("/k", "{\"v\":1,\"epoch\":\"three\"}", AckDocument.class))
                .hasMessageContaining("/k: not a valid AckDocument");
    }
}
