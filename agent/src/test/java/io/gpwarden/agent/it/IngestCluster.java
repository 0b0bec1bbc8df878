package io.gpwarden.agent.it;

import io.gpwarden.testcluster.kafka.KafkaBroker;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.postgres.PostgresLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One real PostgreSQL server (fsync on) and one real Kafka broker, shared by every ingest
 * integration test in the JVM (started on first use, stopped at JVM exit by the launchers).
 */
public final class IngestCluster {
    private static IngestCluster shared;

    public final PostgresLauncher launcher;
    public final PostgresInstance db;
    public final KafkaBroker kafka;
    public final Path work;

    private IngestCluster() throws IOException {
        launcher = PostgresLauncher.inTempDirectory();
        db = launcher.start("ingest");
        kafka = KafkaBroker.start();
        work = Files.createTempDirectory("gpwarden-ingest-it-");
    }

    public static synchronized IngestCluster get() {
        if (shared == null) {
            try {
                shared = new IngestCluster();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Runs a job in this JVM (password given literally, as a job file may), until caught up when {@code quit}. */
    public io.gpwarden.agent.pipeline.IngestPipeline.Result load(Path jobFile, boolean quit) throws Exception {
        return load(jobFile, quit, true);
    }

    public io.gpwarden.agent.pipeline.IngestPipeline.Result load(Path jobFile, boolean quit, boolean evaluateInAgent) throws Exception {
        return load(jobFile, quit, evaluateInAgent, true);
    }

    /** {@code binary} false: rows always travel in COPY text format. */
    public io.gpwarden.agent.pipeline.IngestPipeline.Result load(Path jobFile, boolean quit, boolean evaluateInAgent, boolean binary)
            throws Exception {
        io.gpwarden.agent.job.JobSpec job = io.gpwarden.agent.job.JobFiles.load(jobFile);
        job = new io.gpwarden.agent.job.JobSpec(job.source(), job.name(), new io.gpwarden.agent.job.DatabaseTarget(
                job.database().host(), job.database().port(), job.database().database(), job.database().user(),
                java.util.Optional.of(io.gpwarden.config.SecretRef.literal(password(), "test"))),
                job.kafka(), job.key(), job.value(), job.metaColumn(), job.errorLimit(), job.filter(), job.output(),
                job.metadataSchema(), job.commit(), job.postBatch(), job.schedule());
        io.gpwarden.agent.pipeline.PipelineOptions o = io.gpwarden.agent.pipeline.PipelineOptions
                .defaults(job.schedule().retryInterval()).withQuitAtEof(quit).withEvaluateInAgent(evaluateInAgent)
                .withBinaryCopy(binary);
        return io.gpwarden.agent.runner.JobRunner.run(job, o, java.util.Optional.empty(), false,
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
    }

    public String password() {
        return launcher.access().password();
    }

    public Connection connect() throws SQLException {
        return db.connect();
    }

    public void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    public long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    public void createTopic(String topic, int partitions) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /**
     * Sends {@code values[i]} to partition {@code i % partitions} and checks every acknowledgement;
     * a send that failed (the broker restarting) is sent again, so the topic holds exactly these.
     */
    public void produce(String topic, int partitions, List<byte[]> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new ArrayList<>();
            int i = 0;
            for (byte[] v : values) {
                acks.add(p.send(new ProducerRecord<>(topic, i++ % partitions, null, v)));
            }
            p.flush();
            for (int attempt = 0; ; attempt++) {
                List<Integer> failed = new ArrayList<>();
                for (int k = 0; k < acks.size(); k++) {
                    try {
                        if (acks.get(k) != null) {
                            acks.get(k).get();
                            acks.set(k, null);
                        }
                    } catch (ExecutionException e) {
                        failed.add(k);
                    }
                }
                if (failed.isEmpty()) {
                    return;
                }
                if (attempt == 5) {
                    throw new IllegalStateException(failed.size() + " records could not be produced to " + topic);
                }
                Thread.sleep(1000);
                for (int k : failed) {
                    acks.set(k, p.send(new ProducerRecord<>(topic, k % partitions, null, values.get(k))));
                }
                p.flush();
            }
        }
    }

    /** Waits until the broker answers for {@code topic} again (after a restart). */
    public void awaitBroker(String topic) throws InterruptedException {
        long until = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try {
                endOffsetSum(topic);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("broker did not come back", e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** Total records in the topic (sum of end offsets), as the broker reports it. */
    public long endOffsetSum(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var desc = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> req = new java.util.HashMap<>();
            desc.partitions().forEach(pi -> req.put(new org.apache.kafka.common.TopicPartition(topic, pi.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            long sum = 0;
            for (var e : admin.listOffsets(req).all().get().values()) {
                sum += e.offset();
            }
            return sum;
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A version 2 job file for {@code topic} → {@code table}, with extra OUTPUT and top-level lines. */
    public Path jobFile(String name, String topic, String table, String valueBlock, String outputExtra, String inputExtra,
                 String commitExtra) throws IOException {
        String text = "DATABASE: postgres\n"
                + "USER: gpadmin\n"
                + "PASSWORD: env:GPW_IT_PASSWORD\n"
                + "HOST: 127.0.0.1\n"
                + "PORT: " + db.port() + "\n"
                + "VERSION: 2\n"
                + "KAFKA:\n"
                + "  INPUT:\n"
                + "    SOURCE:\n"
                + "      BROKERS: " + kafka.bootstrapServers() + "\n"
                + "      TOPIC: " + topic + "\n"
                + valueBlock
                + inputExtra
                + "  OUTPUT:\n"
                + "    SCHEMA: public\n"
                + "    TABLE: " + table + "\n"
                + outputExtra
                + "  METADATA:\n"
                + "    SCHEMA: gpw_meta\n"
                + "  COMMIT:\n"
                + commitExtra
                + "SCHEDULE:\n"
                + "  RETRY_INTERVAL: 2s\n";
        Path f = work.resolve(name + ".yaml");
        Files.writeString(f, text);
        return f;
    }

    public static final String JSON_VALUE = "    VALUE:\n      COLUMNS:\n        - NAME: j\n          TYPE: json\n      FORMAT: json\n";

    public static final String EVENT_MAPPING = "    MAPPING:\n"
            + "      - NAME: id\n        EXPRESSION: (j->>'id')::bigint\n"
            + "      - NAME: ts\n        EXPRESSION: (j->>'ts')::timestamptz\n"
            + "      - NAME: device\n        EXPRESSION: j->>'device'\n"
            + "      - NAME: kind\n        EXPRESSION: j->>'kind'\n"
            + "      - NAME: value\n        EXPRESSION: (j->>'value')::float8\n"
            + "      - NAME: qty\n        EXPRESSION: (j->>'qty')::int\n"
            + "      - NAME: flag\n        EXPRESSION: (j->>'flag')::boolean\n"
            + "      - NAME: note\n        EXPRESSION: j->>'note'\n";

    public static String eventsTable(String name) {
        return "CREATE TABLE " + name + " (id bigint, ts timestamptz, device text, kind text, value double precision, "
                + "qty integer, flag boolean, note text)";
    }
}
