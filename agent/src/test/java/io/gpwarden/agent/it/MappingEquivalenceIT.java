package io.gpwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.pipeline.IngestPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same job loaded twice from the same topic: once with the agent evaluating the MAPPING
 * shapes it knows (direct COPY), once with the database evaluating every expression (staged):
 * same rows, same rejected records.
 */
class MappingEquivalenceIT {
    static IngestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = IngestCluster.get();
    }

    private static final String COLUMNS = "(id bigint, device text, qty integer, small smallint, value double precision, "
            + "real4 real, amount numeric, flag boolean, ts timestamptz, nested text, inner_json json, obj jsonb, raw json)";

    private static final String MAPPING = "    MAPPING:\n"
            + "      id: (j->>'id')::bigint\n"
            + "      device: j->>'device'\n"
            + "      qty: (j->>'qty')::int\n"
            + "      small: CAST(j->>'small' AS smallint)\n"
            + "      value: (j->>'value')::float8\n"
            + "      real4: (j->>'value')::real\n"
            + "      amount: (j->>'amount')::numeric\n"
            + "      flag: (j->>'flag')::boolean\n"
            + "      ts: (j->>'ts')::timestamptz\n"
            + "      nested: j->'a'->>'b'\n"
            + "      inner_json: j->'a'\n"
            + "      obj: (j->'a')::jsonb\n"
            + "      raw: j\n";

    @Test
    void agentAndDatabaseEvaluationGiveTheSameRows() throws Exception {
        cluster.createTopic("equiv", 2);
        cluster.sql("CREATE TABLE equiv_agent " + COLUMNS, "CREATE TABLE equiv_db " + COLUMNS);
        List<String> values = new ArrayList<>(List.of(
                "{\"id\":1,\"device\":\"plain\",\"qty\":3,\"small\":7,\"value\":1.5,\"amount\":\"12.50\",\"flag\":true,\"ts\":\"2024-01-02T03:04:05Z\",\"a\":{\"b\":\"x\"}}",
                "{\"id\":2,\"device\":\"tab\\there \\\\ back\\nslash \\\"q\\\" é😀\",\"qty\":\" 42 \",\"small\":-32768,\"value\":\"1e3\",\"amount\":1e-3,\"flag\":\"t\",\"ts\":\"2024-01-02 03:04:05+02\",\"a\":{\"b\":{\"deep\":[1, 2]}, \"c\" : null}}",
                "{\"id\":3,\"device\":null,\"qty\":null,\"value\":\"-Infinity\",\"amount\":\"NaN\",\"flag\":\"off\",\"a\":[1,2,3]}",
                "{\"id\":4,\"device\":\"dup\",\"device\":\"last wins\",\"a\":{\"b\":1},\"a\":{\"b\":2.50}}",
                "{\"id\":5,\"value\":0.1,\"real4\":1,\"a\":{\"b\":true},\"flag\":\"YES\"}",
                "{\"id\":6,\"a\":\"not an object\",\"value\":123456789012345678901234567890}",
                "{\"id\":7}",
                "[1,2,3]",
                "\"just a string\"",
                // Rejected by both paths:
                "{\"id\":100,\"qty\":\"12a\"}",
                "{\"id\":101,\"small\":40000}",
                "{\"id\":102,\"flag\":\"maybe\"}",
                "{\"id\":103,\"device\":\"nul \\u0000 inside\"}",
                "{\"id\":104,\"ts\":\"yesterday-ish\"}",
                "{\"id\":105 \"broken\":1}",
                "{\"id\":106,\"value\":\"1e400\"}",
                "{\"id\":107,\"amount\":\"12,5\"}",
                "{\"id\":\"108x\"}"));
        for (int i = 200; i < 400; i++) {
            values.add("{\"id\":" + i + ",\"device\":\"d" + i + "\",\"qty\":" + i + ",\"value\":" + (i / 7.0) + ",\"flag\":" + (i % 2 == 0)
                    + ",\"ts\":\"2024-03-0" + (1 + i % 9) + "T10:00:00.5+01:00\",\"a\":{\"b\":\"v" + i + "\"}}");
        }
        List<byte[]> bytes = new ArrayList<>();
        values.forEach(v -> bytes.add(IngestCluster.utf8(v)));
        cluster.produce("equiv", 2, bytes);

        Path agent = cluster.jobFile("equiv_agent", "equiv", "equiv_agent", IngestCluster.JSON_VALUE, MAPPING,
                "    ERROR_LIMIT: 50%\n", "    MAX_ROW: 150\n");
        Path database = cluster.jobFile("equiv_db", "equiv", "equiv_db", IngestCluster.JSON_VALUE, MAPPING,
                "    ERROR_LIMIT: 50%\n", "    MAX_ROW: 150\n");
        IngestPipeline.Result a = cluster.load(agent, true, true);
        IngestPipeline.Result d = cluster.load(database, true, false);
        assertThat(a.state()).as(a.message()).isEqualTo(IngestMetrics.State.STOPPED);
        assertThat(d.state()).as(d.message()).isEqualTo(IngestMetrics.State.STOPPED);

        String select = "SELECT id, device, qty, small, value, real4, amount, flag, ts, nested, inner_json::text, obj, raw::text FROM ";
        List<List<String>> viaAgent = cluster.rows(select + "equiv_agent ORDER BY 1, 13");
        List<List<String>> viaDatabase = cluster.rows(select + "equiv_db ORDER BY 1, 13");
        assertThat(viaAgent).hasSize(values.size() - 9);
        assertThat(viaAgent).isEqualTo(viaDatabase);
        String rejected = "SELECT kafka_partition, kafka_offset FROM gpw_meta.gpwarden_errors WHERE job = '%s' ORDER BY 1, 2";
        List<List<String>> rejectedByAgent = cluster.rows(String.format(rejected, "public.equiv_agent"));
        assertThat(rejectedByAgent).hasSize(9).isEqualTo(cluster.rows(String.format(rejected, "public.equiv_db")));
    }
}
