package io.gpwarden.agent.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The test workload: JSON events with a unique id (the ledger key), about 150 bytes each, and
 * optionally about 1 % malformed records of the kinds that break loaders (bad JSON, wrong types,
 * NUL bytes, SQL-looking text), each still carrying its id where it can be read back.
 */
public final class Events {
    private Events() {
    }

    public static String event(long id, Random r) {
        return "{\"id\":" + id + ",\"ts\":\"2024-05-0" + (1 + r.nextInt(9)) + "T12:" + (10 + r.nextInt(50)) + ":00.123Z\","
                + "\"device\":\"dev-" + r.nextInt(1000) + "\",\"kind\":\"" + (r.nextBoolean() ? "temperature" : "pressure")
                + "\",\"value\":" + (r.nextInt(100000) / 100.0) + ",\"qty\":" + r.nextInt(1000) + ",\"flag\":" + r.nextBoolean()
                + ",\"note\":\"reading " + id + " ok\"}";
    }

    /** {@code n} records; every hundredth (ids ending in 37) malformed in one of five ways. */
    public static List<byte[]> withMalformed(long firstId, int n, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        for (long id = firstId; id < firstId + n; id++) {
            String e = event(id, r);
            if (id % 100 == 37) {
                switch ((int) ((id / 100) % 5)) {
                    case 0 -> e = e.substring(0, e.length() - 5);
                    case 1 -> e = e.replace("\"qty\":", "\"qty\":\"lots\",\"x\":");
                    case 2 -> e = e.replace("ok\"}", "ok\\u0000\"}");
                    case 3 -> {
                        byte[] b = e.getBytes(StandardCharsets.UTF_8);
                        b[b.length - 4] = 0;
                        out.add(b);
                        continue;
                    }
                    default -> e = e.replace("\"ts\":\"2024", "\"ts\":\"not a time'); DROP TABLE x; --2024");
                }
            } else if (id % 100 == 61) {
                e = e.replace("reading", "Robert'); DROP TABLE students;-- \\\\ \\t tab");
            }
            out.add(e.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
