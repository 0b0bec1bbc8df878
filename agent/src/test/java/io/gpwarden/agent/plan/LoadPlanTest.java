package io.gpwarden.agent.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.agent.copy.CopyTextBuffer;
import io.gpwarden.agent.copy.TypeCheck;
import io.gpwarden.agent.job.JobFiles;
import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.sql.LoadStatements;
import io.gpwarden.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

public class LoadPlanTest {
    static final TargetTable EVENTS = new TargetTable("public", "events", List.of(
            new TargetTable.Column("id", "bigint"), new TargetTable.Column("device", "text"),
            new TargetTable.Column("qty", "integer"), new TargetTable.Column("ts", "timestamp with time zone"),
            new TargetTable.Column("doc", "json")));

    static JobSpec job(String output, String inputExtra) {
        return JobFiles.parse("job.yaml", """
                DATABASE: d
                USER: u
                HOST: h
                KAFKA:
                  INPUT:
                    SOURCE: {BROKERS: k:9092, TOPIC: t}
                    VALUE:
                      COLUMNS: [{NAME: j, TYPE: json}]
                      FORMAT: json
                """ + inputExtra + """
                  OUTPUT:
                    TABLE: events
                """ + output);
    }

    static final String MAPPING = """
                MAPPING:
                  id: (j->>'id')::bigint
                  device: j->>'device'
                  qty: (j->>'qty')::int4
                  ts: CAST(j->>'ts' AS timestamptz)
                  doc: j
            """;

    /** A direct-path job and table for tests of the pieces downstream of the plan. */
    public static JobSpec jobForTests() {
        return job(MAPPING, "");
    }

    /** A MERGE job on id for tests of key tracking. */
    public static JobSpec mergeJobForTests() {
        return job("    MODE: MERGE\n    MATCH_COLUMNS: [id]\n" + MAPPING, "");
    }

    public static TargetTable eventsForTests() {
        return EVENTS;
    }

    @Test
    void simpleShapesInInsertModeAreCopiedStraightIntoTheTarget() {
        LoadPlan plan = LoadPlan.of(job(MAPPING, ""), EVENTS);
        assertThat(plan.path()).isEqualTo(LoadPlan.Path.DIRECT);
        assertThat(plan.agentComputedTargets()).isEqualTo(5);
        assertThat(plan.outputs()).hasSize(5);
        assertThat(((OutputColumn.SlotValue) plan.outputs().get(2)).check()).isEqualTo(TypeCheck.INT4);
        assertThat(new LoadStatements(plan, false, false).copyIntoTarget())
                .isEqualTo("COPY \"public\".\"events\" (\"id\", \"device\", \"qty\", \"ts\", \"doc\") FROM STDIN");

        assertThat(plan.binaryCopy()).as("bigint, text, integer, timestamptz and json all have a binary form").isTrue();
        LoadPlan textPlan = LoadPlan.of(job(MAPPING, ""), EVENTS, true, false);
        assertThat(textPlan.binaryCopy()).isFalse();
        RowEncoder encoder = new RowEncoder(textPlan);
        CopyTextBuffer out = new CopyTextBuffer();
        byte[] ok = "{\"id\":7,\"device\":\"a\\tb\",\"qty\":3,\"ts\":\"2024-01-01Z\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(encoder.encode(null, ok, 0, 10, 0, 0, out, null)).isNull();
        assertThat(encoder.encode(null, "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), 0, 11, 0, 1, out, null))
                .isEqualTo("invalid input syntax for type bigint: \"x\"");
        out.seal();
        assertThat(new String(out.chunk(0), 0, out.chunkLength(0), StandardCharsets.UTF_8))
                .isEqualTo("7\ta\\tb\t3\t2024-01-01Z\t{\"id\":7,\"device\":\"a\\\\tb\",\"qty\":3,\"ts\":\"2024-01-01Z\"}\n");
    }

    @Test
    void binaryRowsAndTheTextFallbackForValuesWithoutAnExactBinaryForm() {
        LoadPlan plan = LoadPlan.of(job(MAPPING, ""), EVENTS);
        RowEncoder encoder = new RowEncoder(plan);
        io.gpwarden.agent.copy.CopyBinaryBuffer bin = new io.gpwarden.agent.copy.CopyBinaryBuffer(
                io.gpwarden.agent.copy.ChunkPool.none(), plan.outputs().size());
        CopyTextBuffer text = new CopyTextBuffer();
        byte[] iso = "{\"id\":7,\"device\":\"é\",\"qty\":\" 3\",\"ts\":\"2000-01-01T00:00:01Z\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(encoder.encode(null, iso, 0, 1, 0, 0, bin, text)).isNull();
        assertThat(encoder.lastRowText()).isFalse();
        byte[] yesterday = "{\"id\":8,\"ts\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(encoder.encode(null, yesterday, 0, 2, 0, 1, bin, text)).isNull();
        assertThat(encoder.lastRowText()).as("no exact binary form: the server reads the text").isTrue();
        assertThat(encoder.encode(null, "{\"id\":1.5}".getBytes(StandardCharsets.UTF_8), 0, 3, 0, 2, bin, text))
                .as("rejection does not depend on the format").startsWith("invalid input syntax for type bigint");
        bin.seal();
        text.seal();
        assertThat(bin.rows()).isEqualTo(1);
        assertThat(text.rows()).isEqualTo(1);
        java.nio.ByteBuffer row = java.nio.ByteBuffer.wrap(bin.chunk(0), 0, bin.chunkLength(0));
        assertThat(row.getShort()).isEqualTo((short) 5);
        assertThat(row.getInt()).isEqualTo(8);
        assertThat(row.getLong()).isEqualTo(7);
        assertThat(row.getInt()).isEqualTo(2);
        assertThat(new String(new byte[] {row.get(), row.get()}, StandardCharsets.UTF_8)).isEqualTo("é");
        assertThat(row.getInt()).isEqualTo(4);
        assertThat(row.getInt()).isEqualTo(3);
        assertThat(row.getInt()).isEqualTo(8);
        assertThat(row.getLong()).as("microseconds since 2000-01-01 UTC").isEqualTo(1_000_000L);
        assertThat(row.getInt()).isEqualTo(iso.length);
        assertThat(new String(text.chunk(0), 0, text.chunkLength(0), StandardCharsets.UTF_8))
                .isEqualTo("8\t\\N\t\\N\tyesterday\t" + new String(yesterday, StandardCharsets.UTF_8) + "\n");
    }

    @Test
    void otherExpressionsAndFiltersGoThroughTheStagingTable() {
        LoadPlan plan = LoadPlan.of(job(MAPPING.replace("j->>'device'", "upper(j->>'device')"), "    FILTER: (j->>'qty')::int > 0\n"), EVENTS);
        assertThat(plan.path()).isEqualTo(LoadPlan.Path.STAGED);
        assertThat(plan.stageColumns()).extracting(LoadPlan.StageColumn::name).containsExactly("id", "qty", "ts", "doc", "j");
        assertThat(plan.valueSql()).containsEntry("device", "(upper(j->>'device'))").containsEntry("id", "\"id\"");
        LoadStatements sql = new LoadStatements(plan, false, false);
        assertThat(sql.applyStaged()).containsExactly("INSERT INTO \"public\".\"events\" (\"id\", \"device\", \"qty\", \"ts\", \"doc\") "
                + "SELECT \"id\", (upper(j->>'device')), \"qty\", \"ts\", \"doc\" FROM \"gpwarden_stage\" WHERE ((j->>'qty')::int > 0)");
        assertThat(sql.createTemporaryTables()).containsExactly("CREATE TEMPORARY TABLE \"gpwarden_stage\" (\"id\" bigint, "
                + "\"qty\" integer, \"ts\" timestamp with time zone, \"doc\" json, \"j\" json, \"__gpw_seq\" integer) ON COMMIT DELETE ROWS");
    }

    @Test
    void databaseOnlyEvaluationStagesTheSourceColumn() {
        LoadPlan plan = LoadPlan.of(job(MAPPING, ""), EVENTS, false);
        assertThat(plan.path()).isEqualTo(LoadPlan.Path.STAGED);
        assertThat(plan.stageColumns()).extracting(LoadPlan.StageColumn::name).containsExactly("j");
        assertThat(plan.valueSql()).containsEntry("id", "((j->>'id')::bigint)");
    }

    @Test
    void mergeStatementsAreValidWithoutMergeOrOnConflict() {
        LoadPlan plan = LoadPlan.of(job("""
                    MODE: MERGE
                    MATCH_COLUMNS: [id]
                    ORDER_COLUMNS: [ts]
                    UPDATE_CONDITION: t.qty < s.qty
                    DELETE_CONDITION: (j->>'op') = 'd'
                """ + MAPPING, ""), EVENTS);
        List<String> sql = new LoadStatements(plan, false, true).applyStaged();
        assertThat(sql.get(0)).isEqualTo("SET LOCAL enable_hashjoin = off");
        assertThat(sql.get(2)).contains("row_number() OVER (PARTITION BY v.\"id\" ORDER BY v.\"ts\" DESC NULLS LAST, v.\"__gpw_seq\" DESC)")
                .contains("coalesce(((j->>'op') = 'd'), false) AS \"__gpw_delete\"");
        assertThat(sql.get(3)).isEqualTo("DELETE FROM \"public\".\"events\" t USING \"gpwarden_latest\" s WHERE s.\"__gpw_delete\" AND t.\"id\" = s.\"id\"");
        assertThat(sql.get(4)).startsWith("UPDATE \"public\".\"events\" t SET \"device\" = s.\"device\", \"qty\" = s.\"qty\"")
                .endsWith("WHERE NOT s.\"__gpw_delete\" AND t.\"id\" = s.\"id\" AND (t.qty < s.qty)");
        assertThat(sql.get(5)).endsWith("WHERE NOT s.\"__gpw_delete\" AND NOT EXISTS (SELECT 1 FROM \"public\".\"events\" t WHERE t.\"id\" = s.\"id\")");
        assertThat(String.join(";", sql)).doesNotContain("MERGE INTO").doesNotContain("ON CONFLICT");
    }

    @Test
    void batchesWithoutRepeatedKeysApplyStraightFromTheStagingTable() {
        LoadPlan plan = LoadPlan.of(mergeJobForTests(), EVENTS);
        assertThat(plan.keyColumns()).hasSize(1);
        assertThat(plan.appliesFromStage()).isTrue();
        List<String> sql = new LoadStatements(plan, false, false).applyStaged(false);
        assertThat(sql).containsExactly(
                "UPDATE \"public\".\"events\" t SET \"device\" = s.\"device\", \"qty\" = s.\"qty\", \"ts\" = s.\"ts\", "
                        + "\"doc\" = s.\"doc\" FROM \"gpwarden_stage\" s WHERE t.\"id\" = s.\"id\"",
                "INSERT INTO \"public\".\"events\" (\"id\", \"device\", \"qty\", \"ts\", \"doc\") SELECT s.\"id\", s.\"device\", "
                        + "s.\"qty\", s.\"ts\", s.\"doc\" FROM \"gpwarden_stage\" s WHERE NOT EXISTS (SELECT 1 FROM \"public\".\"events\" t "
                        + "WHERE t.\"id\" = s.\"id\")");
        assertThat(new LoadStatements(plan, false, false).applyStaged(true).get(0)).startsWith("INSERT INTO \"gpwarden_latest\"");
        LoadPlan withDelete = LoadPlan.of(job("    MODE: MERGE\n    MATCH_COLUMNS: [id]\n    DELETE_CONDITION: (j->>'op') = 'd'\n"
                + MAPPING, ""), EVENTS);
        assertThat(withDelete.appliesFromStage()).isFalse();
        TargetTable byTimestamp = new TargetTable("public", "events", EVENTS.columns());
        assertThat(LoadPlan.of(job("    MODE: MERGE\n    MATCH_COLUMNS: [ts]\n" + MAPPING, ""), byTimestamp).keyColumns())
                .as("timestamps are not compared as text").isNull();
    }

    @Test
    void mappingsThatCannotWorkAreRefusedUpFront() {
        assertThatThrownBy(() -> LoadPlan.of(job(MAPPING.replace("(j->>'qty')::int4", "j->>'qty'"), ""), EVENTS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MAPPING qty: j->>'qty' is text but the column is integer; write (j->>'qty')::integer");
        assertThatThrownBy(() -> LoadPlan.of(job(MAPPING + "      nope: j->>'x'\n", ""), EVENTS))
                .hasMessageContaining("column nope does not exist in table public.events");
    }
}
