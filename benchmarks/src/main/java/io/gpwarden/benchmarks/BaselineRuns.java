package io.gpwarden.benchmarks;

import io.gpwarden.testcluster.postgres.PostgresLauncher;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The contenders gpwarden is measured against, on the same rows and the same servers: (a) psql
 * {@code \copy} of the events as a CSV file (the sink's limit), (b) a plain Kafka consumer that
 * reads and discards (the source's limit), (c) the Debezium JDBC sink on Kafka Connect standalone.
 */
final class BaselineRuns {
    private final BenchServers servers;
    private final int events;

    BaselineRuns(BenchServers servers, int events) {
        this.servers = servers;
        this.events = events;
    }

    Measured psqlCopy() throws Exception {
        Path csv = servers.work.resolve("events.csv");
        if (!Files.exists(csv)) {
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                for (long id = 1; id <= events; id++) {
                    w.write(Workload.csv(Workload.event(id)));
                }
            }
        }
        servers.freshTable("bench_copy", "");
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-h", servers.db.address(), "-p",
                Integer.toString(servers.db.port()), "-U", PostgresLauncher.SUPERUSER, "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-c", "\\copy bench_copy FROM '" + csv + "' WITH (FORMAT csv)").inheritIO();
        pb.environment().put("PGPASSWORD", servers.pg.access().password());
        CpuMeter.Sample before = servers.meter.sample();
        long t = System.nanoTime();
        int rc = pb.start().waitFor();
        double secs = (System.nanoTime() - t) / 1e9;
        CpuMeter.Sample after = servers.meter.settledSample(before);
        if (rc != 0) {
            throw new IllegalStateException("psql \\copy failed: " + rc);
        }
        Measured m = new Measured("(a) psql \\copy, CSV file", events / secs, 0, CpuMeter.between(before, after), events,
                CpuMeter.loadAverage());
        IngestBenchmark.log("psql \\copy: %,.0f rows/s, CPU µs/row psql/postgres/broker %s, other load %s cores",
                m.rowsPerSecond(), m.cpuPerRow(), m.otherCores());
        return m;
    }

    Measured plainConsumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, io.gpwarden.agent.source.KafkaRecordSource.DEFAULT_MAX_POLL_RECORDS);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long n = 0;
            long bytes = 0;
            long t = 0;
            CpuMeter.Sample before = null;
            while (n < events) {
                ConsumerRecords<byte[], byte[]> rs = c.poll(Duration.ofMillis(500));
                if (t == 0 && !rs.isEmpty()) {
                    t = System.nanoTime();
                    before = servers.meter.sample();
                }
                for (var r : rs) {
                    bytes += r.value().length;
                    n++;
                }
            }
            double rate = n / ((System.nanoTime() - t) / 1e9);
            CpuMeter.Use u = CpuMeter.between(before, servers.meter.sample());
            // The consumer runs in the harness JVM: its CPU is the harness's.
            CpuMeter.Use asClient = new CpuMeter.Use(u.seconds(), u.harness(), u.postgres(), u.broker(), 0, u.machine());
            Measured m = new Measured("(b) plain consumer, 4 partitions, discard", rate + bytes * 0, 0, asClient, n,
                    CpuMeter.loadAverage());
            IngestBenchmark.log("plain consumer: %,.0f rows/s, CPU µs/row consumer/postgres/broker %s", rate, m.cpuPerRow());
            return m;
        }
    }

    /** The Debezium JDBC sink with {@code tasks} tasks and {@code batch.size}; rate from first to last row visible. */
    Measured debezium(Path connectLib, int tasks, int batchSize) throws Exception {
        servers.freshTable("bench_dbz", "");
        String name = "dbz" + tasks + "_" + batchSize;
        Path work = servers.work;
        Path worker = work.resolve(name + "-worker.properties");
        Files.writeString(worker, String.join("\n",
                "bootstrap.servers=" + servers.kafka.bootstrapServers(),
                "key.converter=org.apache.kafka.connect.storage.StringConverter",
                "value.converter=org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable=true",
                "offset.storage.file.filename=" + work.resolve(name + ".offsets"),
                "offset.flush.interval.ms=10000",
                "listeners=http://127.0.0.1:" + freePort(),
                "plugin.discovery=only_scan",
                "consumer.max.poll.records=" + Math.max(500, batchSize),
                "consumer.auto.offset.reset=earliest", ""));
        Path connector = work.resolve(name + ".properties");
        Files.writeString(connector, String.join("\n",
                "name=" + name,
                "connector.class=io.debezium.connector.jdbc.JdbcSinkConnector",
                "tasks.max=" + tasks,
                "topics=ev_dbz",
                "connection.url=" + servers.db.jdbcUrl(),
                "connection.username=" + PostgresLauncher.SUPERUSER,
                "connection.password=" + servers.pg.access().password(),
                "insert.mode=insert",
                "primary.key.mode=none",
                "delete.enabled=false",
                "schema.evolution=none",
                "batch.size=" + batchSize,
                "table.name.format=bench_dbz",
                "collection.name.format=bench_dbz",
                "database.time_zone=UTC", ""));
        String cp = connectLib.toAbsolutePath() + "/*";
        try (ChildJvm child = new ChildJvm(ChildJvm.java("1g", cp, "org.apache.kafka.connect.cli.ConnectStandalone",
                List.of(worker.toString(), connector.toString())), Map.of(), work.resolve(name + ".log"))) {
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline && child.process().isAlive()) {
                if (first == 0) {
                    if (servers.sql1("SELECT EXISTS (SELECT 1 FROM bench_dbz)").equals("t")) {
                        first = System.nanoTime();
                    }
                    Thread.sleep(100);
                    continue;
                }
                if (Long.parseLong(servers.sql1("SELECT count(*) FROM bench_dbz")) >= events) {
                    double rate = events / ((System.nanoTime() - first) / 1e9);
                    return new Measured("(c) Debezium JDBC sink, tasks.max=" + tasks + ", batch.size=" + batchSize, rate,
                            child.peakRssMb(), null, events, CpuMeter.loadAverage());
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("Debezium sink did not finish; see " + work.resolve(name + ".log"));
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
