package io.gpwarden.benchmarks;

import io.gpwarden.testcluster.kafka.KafkaBroker;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.postgres.PostgresLauncher;
import io.gpwarden.testcluster.postgres.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The servers every contender shares, started once per benchmark: one PostgreSQL server (the
 * same settings for every contender: fsync on, synchronous_commit on) and one Kafka broker.
 * Also the small SQL and topic chores the contenders need, and the CPU meter over both.
 */
final class BenchServers implements AutoCloseable {
    /** The server settings, identical for every contender; the report prints them as the server shows them. */
    static final ServerSettings SETTINGS = new ServerSettings(128, 40, true, List.of("max_wal_size = '4GB'",
            "checkpoint_timeout = '30min'"));

    final PostgresLauncher pg;
    final PostgresInstance db;
    final KafkaBroker kafka;
    final Path work;
    final CpuMeter meter;

    private BenchServers(PostgresLauncher pg, PostgresInstance db, KafkaBroker kafka, Path work) {
        this.pg = pg;
        this.db = db;
        this.kafka = kafka;
        this.work = work;
        this.meter = new CpuMeter(db.pid().orElseThrow(), kafka.pid().map(OptionalLong::of).orElse(OptionalLong.empty()));
    }

    static BenchServers start() throws IOException {
        PostgresLauncher pg = PostgresLauncher.inTempDirectory(SETTINGS);
        PostgresInstance db = pg.start("bench");
        KafkaBroker kafka = KafkaBroker.start();
        return new BenchServers(pg, db, kafka, Files.createTempDirectory("gpwarden-bench-"));
    }

    /** The settings that decide write cost, as the server reports them. */
    String serverSettings() {
        return "PostgreSQL " + sql1("SHOW server_version") + ": fsync " + sql1("SHOW fsync") + ", synchronous_commit "
                + sql1("SHOW synchronous_commit") + ", wal_buffers " + sql1("SHOW wal_buffers") + ", shared_buffers "
                + sql1("SHOW shared_buffers") + ", max_wal_size " + sql1("SHOW max_wal_size") + ", full_page_writes "
                + sql1("SHOW full_page_writes") + ", wal_level " + sql1("SHOW wal_level");
    }

    String sql1(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void sql(String... statements) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String x : statements) {
                s.execute(x);
            }
        }
    }

    /** A fresh, empty events table, and a checkpoint so no contender pays for another's dirty pages. */
    void freshTable(String name, String extra) throws Exception {
        String cols = Workload.TABLE_COLUMNS.substring(0, Workload.TABLE_COLUMNS.length() - 1) + extra + ")";
        sql("DROP TABLE IF EXISTS " + name, "CREATE TABLE " + name + " " + cols, "CHECKPOINT");
    }

    void topic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    void produce(String topic, int partitions, boolean connectFormat, int n) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long id = 1; id <= n; id++) {
                Workload.Event e = Workload.event(id);
                producer.send(new ProducerRecord<>(topic, (int) (id % partitions), null,
                        connectFormat ? Workload.connectJson(e) : Workload.json(e)));
            }
            producer.flush();
        }
    }

    @Override
    public void close() throws IOException {
        kafka.close();
        pg.close();
    }
}
