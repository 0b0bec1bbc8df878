package io.gpwarden.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The benchmark's events: id bigint, ts timestamptz, device text, kind text, value double,
 * qty int, flag boolean, note text, about 150 bytes as JSON. The same rows are written as JSON
 * (gpwarden, plain consumer), as CSV (raw \copy) and as Kafka Connect's schema-carrying JSON
 * (the Debezium JDBC sink needs typed records).
 */
final class Workload {
    private static final String[] KINDS = {"temperature", "pressure", "humidity", "vibration"};

    private Workload() {
    }

    record Event(long id, String ts, String device, String kind, double value, int qty, boolean flag, String note) {
    }

    static Event event(long id) {
        Random r = new Random(id * 6364136223846793005L + 1442695040888963407L);
        String ts = String.format("2024-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24),
                r.nextInt(60), r.nextInt(60), r.nextInt(1000));
        return new Event(id, ts, "device-" + r.nextInt(100_000), KINDS[r.nextInt(KINDS.length)],
                r.nextInt(10_000_000) / 1000.0, r.nextInt(10_000), r.nextBoolean(), "reading within limits, site " + r.nextInt(500));
    }

    static byte[] json(Event e) {
        return ("{\"id\":" + e.id() + ",\"ts\":\"" + e.ts() + "\",\"device\":\"" + e.device() + "\",\"kind\":\"" + e.kind()
                + "\",\"value\":" + e.value() + ",\"qty\":" + e.qty() + ",\"flag\":" + e.flag() + ",\"note\":\"" + e.note() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String csv(Event e) {
        return e.id() + "," + e.ts() + "," + e.device() + "," + e.kind() + "," + e.value() + "," + e.qty() + "," + e.flag()
                + ",\"" + e.note() + "\"\n";
    }

    private static final String CONNECT_SCHEMA = "{\"type\":\"struct\",\"name\":\"bench.Event\",\"optional\":false,\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"ts\",\"type\":\"string\",\"name\":\"io.debezium.time.ZonedTimestamp\",\"optional\":true},"
            + "{\"field\":\"device\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"kind\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"value\",\"type\":\"double\",\"optional\":true},"
            + "{\"field\":\"qty\",\"type\":\"int32\",\"optional\":true},"
            + "{\"field\":\"flag\",\"type\":\"boolean\",\"optional\":true},"
            + "{\"field\":\"note\",\"type\":\"string\",\"optional\":true}]}";

    static byte[] connectJson(Event e) {
        return ("{\"schema\":" + CONNECT_SCHEMA + ",\"payload\":" + new String(json(e), StandardCharsets.UTF_8) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static final String TABLE_COLUMNS = "(id bigint, ts timestamptz, device text, kind text, value double precision, "
            + "qty integer, flag boolean, note text)";

    static final String MAPPING = "    MAPPING:\n"
            + "      - NAME: id\n        EXPRESSION: (j->>'id')::bigint\n"
            + "      - NAME: ts\n        EXPRESSION: (j->>'ts')::timestamptz\n"
            + "      - NAME: device\n        EXPRESSION: j->>'device'\n"
            + "      - NAME: kind\n        EXPRESSION: j->>'kind'\n"
            + "      - NAME: value\n        EXPRESSION: (j->>'value')::float8\n"
            + "      - NAME: qty\n        EXPRESSION: (j->>'qty')::int\n"
            + "      - NAME: flag\n        EXPRESSION: (j->>'flag')::boolean\n"
            + "      - NAME: note\n        EXPRESSION: j->>'note'\n";
}
