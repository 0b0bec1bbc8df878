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
 * The same topic loaded twice, once with rows in COPY binary format (values converted by the
 * agent, the rest as text in a second COPY) and once all in text format (every value read by
 * the server's input functions): the rows must be identical to the bit (floats and timestamps
 * compared through their send functions), and so must the rejected records, on values chosen to
 * break a converter: time zones, fractional seconds, infinities, leap seconds, 24:00,
 * subnormal and huge doubles, NaN and -0, unicode and escapes, empty strings and NULLs, and
 * lengths the server refuses.
 */
class BinaryCopyEquivalenceIT {
    static IngestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = IngestCluster.get();
    }

    private static final String COLUMNS = "(id bigint, small smallint, qty integer, value double precision, flag boolean, "
            + "note text, code varchar(5), ch character(3), ts timestamptz, local_ts timestamp, day date, inner_json json, "
            + "doc jsonb, raw json)";

    private static final String MAPPING = "    MAPPING:\n"
            + "      id: (j->>'id')::bigint\n"
            + "      small: (j->>'small')::smallint\n"
            + "      qty: (j->>'qty')::integer\n"
            + "      value: (j->>'value')::float8\n"
            + "      flag: (j->>'flag')::boolean\n"
            + "      note: j->>'note'\n"
            + "      code: j->>'code'\n"
            + "      ch: j->>'ch'\n"
            + "      ts: (j->>'ts')::timestamptz\n"
            + "      local_ts: (j->>'local')::timestamp\n"
            + "      day: (j->>'day')::date\n"
            + "      inner_json: j->'a'\n"
            + "      doc: (j->'a')::jsonb\n"
            + "      raw: j\n";

    private static final String SELECT = "SELECT id, small, qty, encode(float8send(value), 'hex'), value::text, flag, note, "
            + "note IS NULL, code, ch, encode(timestamptz_send(ts), 'hex'), encode(timestamp_send(local_ts), 'hex'), "
            + "day::text, inner_json::text, doc::text, raw::text FROM ";

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static List<byte[]> values() {
        List<String> v = new ArrayList<>();
        String[] timestamps = {"2024-01-02T03:04:05Z", "2024-01-02 03:04:05.123456+05:30", "2024-01-02T03:04:05.5-0800",
            "2024-01-02T03:04:05.1234567Z", "2024-01-02T03:04:05.0000005Z", "2024-01-02T03:04:05.0000015Z",
            "2024-01-01T24:00:00Z", "2024-12-31T23:59:60Z", "infinity", "-infinity", "Infinity", "2024-01-02",
            "2024-01-02 03:04", "1999-12-31T23:59:59.999999+15:59", "1999-12-31T23:59:59-15", "0999-01-01T00:00:00Z",
            "2024-02-29T12:00:00Z", "2000-01-01T00:00:00Z", "1970-01-01T00:00:00.000001Z", "epoch",
            "January 8, 1999 04:05:06 PST", "2024-06-30T12:00:00+02:30:15", "1000-01-01T00:00:00+01", "9999-12-31T23:59:59.999999Z",
            "2024-01-02T03:04:05 +02", "2024-01-02T03:04:05z", "2024-01-02T03:04:05.Z"};
        String[] doubles = {"0.1", "1e308", "1.7976931348623157e308", "4.9e-324", "2.2250738585072011e-308", "-0", "-0.0", "NaN",
            "Infinity", "-Infinity", "inf", " 1.5 ", "123456789012345678901234567890", "0.30000000000000004", "1e-320",
            "12.", ".5", "+7", "9007199254740993", "2.5e-5", "1E22", "1e23", "8.98846567431158e307", "0.000000000000000000001"};
        String[] flags = {"true", "false", "t", "f", "yes", "off", " TRUE ", "1", "of"};
        String[] notes = {"", null, "tab\\there", "back\\\\slash", "é😀", "\\u00e9\\ud83d\\ude00", "line\\nbreak", "\\r", "x".repeat(9000),
            "null", "\\\\N", "quote\\\"d"};
        String[] codes = {"12345", "ab   ", "abcde   ", "", "é😀é😀é"};
        String[] chars = {"ab", "abc  ", "a", "", "é"};
        String[] locals = {"2024-01-02T03:04:05", "2024-01-02T03:04:05+02", "infinity", "2024-01-02 03:04:05.999999", "2024-01-02"};
        String[] days = {"2024-02-29", "1999-12-31", "2024-01-02T00:00:00", "infinity", "1000-01-01", "9999-12-31"};
        int id = 1;
        for (int i = 0; i < 60; i++) {
            v.add("{\"id\":" + id++ + ",\"small\":" + (i % 3 == 0 ? "\" 7 \"" : i % 3 == 1 ? "32767" : "-32768")
                    + ",\"qty\":" + (i % 2 == 0 ? "\"-2147483648\"" : i) + ",\"value\":" + q(doubles[i % doubles.length])
                    + ",\"flag\":" + q(flags[i % flags.length]) + ",\"note\":" + q(notes[i % notes.length])
                    + ",\"code\":" + q(codes[i % codes.length]) + ",\"ch\":" + q(chars[i % chars.length])
                    + ",\"ts\":" + q(timestamps[i % timestamps.length]) + ",\"local\":" + q(locals[i % locals.length])
                    + ",\"day\":" + q(days[i % days.length]) + ",\"a\":" + (i % 4 == 0 ? "{ \"k\" : [1, 2.50, \"\\u00e9\"] }" : i % 4 == 1
                    ? "null" : i % 4 == 2 ? "\"s\"" : "[]") + "}");
        }
        // The server refuses these lengths (22001) in either format: rows isolated by COPY line number.
        v.add("{\"id\":" + id++ + ",\"code\":\"123456\",\"ts\":\"2024-01-01T00:00:00Z\"}");
        v.add("{\"id\":" + id++ + ",\"ch\":\"abcd\",\"ts\":\"2024-01-01T24:00:00Z\"}");
        v.add("{\"id\":" + id++ + ",\"ts\":\"not a time\"}");
        // The agent refuses these before COPY, whatever the format.
        v.add("{\"id\":" + id++ + ",\"value\":\"1e400\"}");
        v.add("{\"id\":" + id++ + ",\"flag\":\"maybe\"}");
        v.add("{\"id\":" + id++ + ",\"small\":40000}");
        List<byte[]> out = new ArrayList<>();
        v.forEach(s -> out.add(IngestCluster.utf8(s)));
        return out;
    }

    @Test
    void binaryAndTextFormatsStoreIdenticalRows() throws Exception {
        cluster.createTopic("bineq", 2);
        List<byte[]> values = values();
        cluster.produce("bineq", 2, values);
        // With length-limited columns the database evaluates those two (staged path: binary into the
        // staging table); without them every value is the agent's (direct path: binary into the target).
        compare("bineq_staged", COLUMNS, MAPPING, SELECT, values.size(), 6);
        String direct = COLUMNS.replace("code varchar(5), ch character(3), ", "");
        compare("bineq_direct", direct, MAPPING.replace("      code: j->>'code'\n      ch: j->>'ch'\n", ""),
                SELECT.replace("code, ch, ", ""), values.size(), 4);
        // Values that must have travelled as text in the binary run did reach the table.
        assertThat(cluster.count("SELECT count(*) FROM bineq_direct_binary WHERE ts = '2024-01-02 00:00:00+00'")).isPositive();
        assertThat(cluster.count("SELECT count(*) FROM bineq_direct_binary WHERE value = 'Infinity' AND flag")).isPositive();
    }

    private static void compare(String name, String columns, String mapping, String select, int records, int rejected)
            throws Exception {
        cluster.sql("CREATE TABLE " + name + "_binary " + columns, "CREATE TABLE " + name + "_text " + columns);
        Path binary = cluster.jobFile(name + "_binary", "bineq", name + "_binary", IngestCluster.JSON_VALUE, mapping,
                "    ERROR_LIMIT: 10\n", "    MAX_ROW: 7\n  POLL:\n    BATCHSIZE: 7\n");
        Path text = cluster.jobFile(name + "_text", "bineq", name + "_text", IngestCluster.JSON_VALUE, mapping,
                "    ERROR_LIMIT: 10\n", "    MAX_ROW: 7\n  POLL:\n    BATCHSIZE: 7\n");
        IngestPipeline.Result b = cluster.load(binary, true, true, true);
        IngestPipeline.Result t = cluster.load(text, true, true, false);
        assertThat(b.state()).as(b.message()).isEqualTo(IngestMetrics.State.STOPPED);
        assertThat(t.state()).as(t.message()).isEqualTo(IngestMetrics.State.STOPPED);

        List<List<String>> viaBinary = cluster.rows(select + name + "_binary ORDER BY id");
        List<List<String>> viaText = cluster.rows(select + name + "_text ORDER BY id");
        assertThat(viaBinary).hasSize(records - rejected);
        for (int i = 0; i < viaText.size(); i++) {
            assertThat(viaBinary.get(i)).as(name + " row id " + viaText.get(i).get(0)).isEqualTo(viaText.get(i));
        }
        assertThat(viaBinary).isEqualTo(viaText);
        String errors = "SELECT kafka_partition, kafka_offset, error FROM gpw_meta.gpwarden_errors WHERE job = '%s' ORDER BY 1, 2";
        assertThat(cluster.rows(String.format(errors, "public." + name + "_binary"))).hasSize(rejected)
                .isEqualTo(cluster.rows(String.format(errors, "public." + name + "_text")));
    }

    @Test
    void aTimeZoneSetByPostBatchSqlIsHonouredForTimestampsWithoutOffset() throws Exception {
        cluster.createTopic("bintz", 1);
        cluster.sql("CREATE TABLE bintz_binary (id bigint, ts timestamptz, day date)",
                "CREATE TABLE bintz_text (id bigint, ts timestamptz, day date)");
        List<byte[]> values = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            values.add(IngestCluster.utf8("{\"id\":" + i + ",\"ts\":\"2024-0" + (1 + i % 9) + "-15 12:00:0" + (i % 10)
                    + "\",\"day\":\"2024-03-1" + (i % 10) + "\"}"));
        }
        cluster.produce("bintz", 1, values);
        String mapping = "    MAPPING:\n      id: (j->>'id')::bigint\n      ts: (j->>'ts')::timestamptz\n      day: (j->>'day')::date\n";
        // One record per poll and per batch, so every batch after the first runs after the SET.
        String commit = "    MAX_ROW: 1\n  POLL:\n    BATCHSIZE: 1\n"
                + "  TASK:\n    POST_BATCH_SQL: SET TimeZone = 'America/New_York'\n    BATCH_INTERVAL: 1\n";
        Path binary = cluster.jobFile("bintz_binary", "bintz", "bintz_binary", IngestCluster.JSON_VALUE, mapping, "", commit);
        Path text = cluster.jobFile("bintz_text", "bintz", "bintz_text", IngestCluster.JSON_VALUE, mapping, "", commit);
        IngestPipeline.Result b = cluster.load(binary, true, true, true);
        IngestPipeline.Result t = cluster.load(text, true, true, false);
        assertThat(b.state()).as(b.message()).isEqualTo(IngestMetrics.State.STOPPED);
        assertThat(t.state()).as(t.message()).isEqualTo(IngestMetrics.State.STOPPED);
        String select = "SELECT id, encode(timestamptz_send(ts), 'hex'), day FROM %s ORDER BY id";
        List<List<String>> viaText = cluster.rows(String.format(select, "bintz_text"));
        assertThat(cluster.rows(String.format(select, "bintz_binary"))).hasSize(12).isEqualTo(viaText);
        // Every batch after the first was read in New York time.
        assertThat(cluster.count("SELECT count(*) FROM bintz_binary WHERE extract(hour FROM ts AT TIME ZONE 'America/New_York') = 12"))
                .isGreaterThanOrEqualTo(11);
    }
}
