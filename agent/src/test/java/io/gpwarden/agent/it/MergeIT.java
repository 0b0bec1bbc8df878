package io.gpwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.pipeline.IngestPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MERGE with updates and deletes (DELETE_CONDITION) arriving out of order within a batch, and
 * across many batches and partitions: the table ends as applying the stream in order would
 * leave it (per key, the event with the highest version wins; a delete removes the row; a later
 * upsert brings it back).
 */
class MergeIT {
    static IngestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = IngestCluster.get();
    }

    private static final String MERGE_OUTPUT = "    MODE: MERGE\n    MATCH_COLUMNS: [id]\n    ORDER_COLUMNS: [version]\n"
            + "    DELETE_CONDITION: (j->>'op') = 'd'\n"
            + "    MAPPING:\n"
            + "      - NAME: id\n        EXPRESSION: (j->>'id')::int\n"
            + "      - NAME: version\n        EXPRESSION: (j->>'v')::int\n"
            + "      - NAME: payload\n        EXPRESSION: j->>'p'\n";

    private static String event(int id, int version, boolean delete) {
        return "{\"id\":" + id + ",\"v\":" + version + ",\"op\":\"" + (delete ? "d" : "u") + "\",\"p\":\"k" + id + " v" + version + "\"}";
    }

    private static void send(String topic, List<String[]> keyed) {
        try (KafkaProducer<byte[], byte[]> p = cluster.producer()) {
            for (String[] kv : keyed) {
                p.send(new ProducerRecord<>(topic, kv[0].getBytes(StandardCharsets.UTF_8), kv[1].getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    @Test
    void outOfOrderUpdatesAndDeletesEndAsTheStreamAppliedInOrder() throws Exception {
        cluster.createTopic("merge1", 4);
        cluster.sql("CREATE TABLE merge1 (id int PRIMARY KEY, version int, payload text)");
        Random r = new Random(3);
        Map<Integer, String> expected = new TreeMap<>();
        Map<Integer, Integer> versions = new TreeMap<>();
        Path job = cluster.jobFile("merge1", "merge1", "merge1", IngestCluster.JSON_VALUE, MERGE_OUTPUT, "",
                "    MAX_ROW: 100000\n    MINIMAL_INTERVAL: 10000\n");
        for (int round = 0; round < 6; round++) {
            // One round: each touched key gets a few versions, sent shuffled (out of order).
            List<String[]> events = new ArrayList<>();
            for (int id = 1; id <= 300; id++) {
                if (r.nextInt(3) == 0) {
                    continue;
                }
                int n = 1 + r.nextInt(4);
                int base = versions.getOrDefault(id, 0);
                for (int k = 1; k <= n; k++) {
                    boolean delete = r.nextInt(4) == 0;
                    events.add(new String[] {Integer.toString(id), event(id, base + k, delete)});
                    if (k == n) {
                        if (delete) {
                            expected.remove(id);
                        } else {
                            expected.put(id, "k" + id + " v" + (base + k));
                        }
                    }
                }
                versions.put(id, base + n);
            }
            Collections.shuffle(events, r);
            send("merge1", events);
            IngestPipeline.Result res = cluster.load(job, true);
            assertThat(res.state()).as(res.message()).isEqualTo(IngestMetrics.State.STOPPED);
            List<List<String>> rows = cluster.rows("SELECT id, payload FROM merge1 ORDER BY id");
            Map<Integer, String> actual = new TreeMap<>();
            for (List<String> row : rows) {
                actual.put(Integer.parseInt(row.get(0)), row.get(1));
            }
            assertThat(actual).as("after round " + round).isEqualTo(expected);
        }
    }

    @Test
    void batchesOfDistinctKeysUpdateAndInsertStraightFromTheStagingTable() throws Exception {
        cluster.createTopic("merge2", 2);
        cluster.sql("CREATE TABLE merge2 (id int PRIMARY KEY, version int, payload text)");
        Path job = cluster.jobFile("merge2", "merge2", "merge2", IngestCluster.JSON_VALUE,
                "    MODE: MERGE\n    MATCH_COLUMNS: [id]\n    UPDATE_CONDITION: t.version < s.version\n"
                        + "    MAPPING:\n      - NAME: id\n        EXPRESSION: (j->>'id')::int\n"
                        + "      - NAME: version\n        EXPRESSION: (j->>'v')::int\n"
                        + "      - NAME: payload\n        EXPRESSION: j->>'p'\n", "", "    MAX_ROW: 100000\n");
        List<String[]> first = new ArrayList<>();
        for (int id = 1; id <= 1000; id++) {
            first.add(new String[] {Integer.toString(id), event(id, 5, false)});
        }
        send("merge2", first);
        assertThat(cluster.load(job, true).state()).isEqualTo(IngestMetrics.State.STOPPED);
        List<String[]> second = new ArrayList<>();
        for (int id = 1; id <= 1500; id++) {
            // ids 1..250 carry an older version: UPDATE_CONDITION keeps the stored row.
            second.add(new String[] {Integer.toString(id), event(id, id <= 250 ? 3 : 6, false)});
        }
        send("merge2", second);
        assertThat(cluster.load(job, true).state()).isEqualTo(IngestMetrics.State.STOPPED);
        assertThat(cluster.count("SELECT count(*) FROM merge2")).isEqualTo(1500);
        assertThat(cluster.count("SELECT count(*) FROM merge2 WHERE version = 5 AND id <= 250 AND payload = 'k' || id || ' v5'")).isEqualTo(250);
        assertThat(cluster.count("SELECT count(*) FROM merge2 WHERE version = 6 AND id > 250 AND payload = 'k' || id || ' v6'")).isEqualTo(1250);
    }

    @Test
    void batchesOfNewKeysAreInsertedAsTheyAreAndBatchesWithExistingKeysStillUpdate() throws Exception {
        cluster.createTopic("merge3", 2);
        cluster.sql("CREATE TABLE merge3 (id int, version int, payload text)", "CREATE UNIQUE INDEX merge3_id ON merge3 (id)");
        Path job = cluster.jobFile("merge3", "merge3", "merge3", IngestCluster.JSON_VALUE,
                "    MODE: MERGE\n    MATCH_COLUMNS: [id]\n"
                        + "    MAPPING:\n      - NAME: id\n        EXPRESSION: (j->>'id')::int\n"
                        + "      - NAME: version\n        EXPRESSION: (j->>'v')::int\n"
                        + "      - NAME: payload\n        EXPRESSION: j->>'p'\n", "", "    MAX_ROW: 500\n  POLL:\n    BATCHSIZE: 500\n");
        Map<Integer, Integer> expected = new TreeMap<>();
        // Rounds of new keys only, then existing and new keys, then a batch with a key twice.
        int[][] rounds = {{1, 2000}, {1500, 4000}, {10, 20}};
        for (int r = 0; r < rounds.length; r++) {
            List<String[]> events = new ArrayList<>();
            for (int id = rounds[r][0]; id <= rounds[r][1]; id++) {
                events.add(new String[] {Integer.toString(id), event(id, r, false)});
                expected.put(id, r);
            }
            if (r == rounds.length - 1) {
                events.add(new String[] {"15", event(15, 99, false)});
                expected.put(15, 99);
            }
            send("merge3", events);
            IngestPipeline.Result res = cluster.load(job, true);
            assertThat(res.state()).as(res.message()).isEqualTo(IngestMetrics.State.STOPPED);
        }
        Map<Integer, Integer> actual = new TreeMap<>();
        for (List<String> row : cluster.rows("SELECT id, version FROM merge3")) {
            actual.put(Integer.parseInt(row.get(0)), Integer.parseInt(row.get(1)));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(cluster.count("SELECT count(*) FROM merge3 WHERE payload <> 'k' || id || ' v' || version")).isZero();
    }
}
