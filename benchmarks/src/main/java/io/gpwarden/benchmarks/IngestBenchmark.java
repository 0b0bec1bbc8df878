package io.gpwarden.benchmarks;

import io.gpwarden.testcluster.kafka.KafkaBroker;
import io.gpwarden.testcluster.postgres.PostgresInstance;
import io.gpwarden.testcluster.postgres.PostgresLauncher;
import io.gpwarden.testcluster.postgres.ServerSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ingest benchmark, everything on this machine: a PostgreSQL server with fsync on, a Kafka
 * broker, and on the same events (a) psql \copy of them as CSV, (b) a plain consumer that reads
 * and discards, (c) the Debezium JDBC sink on a standalone Kafka Connect worker, (d) gpwarden
 * in INSERT and MERGE mode, then gpwarden over 1, 2 and 4 partitions and two batch sizes.
 * {@code memory} mode instead loads a 10-million-message backlog with the agent at -Xmx256m.
 *
 * <p>Usage (bench/ingest.sh builds the class paths): {@code IngestBenchmark [all|memory]
 * [--events N] [--connect-lib DIR] [--report FILE]}.
 */
public final class IngestBenchmark {
    private static final Pattern RATE = Pattern.compile("([0-9,]+) records/s from the first record");

    private final int events;
    private final Path connectLib;
    private final Path work;
    private final String classPath = System.getProperty("java.class.path");
    private final List<String> report = new ArrayList<>();
    private PostgresLauncher pg;
    private PostgresInstance db;
    private KafkaBroker kafka;

    private IngestBenchmark(int events, Path connectLib) throws IOException {
        this.events = events;
        this.connectLib = connectLib;
        this.work = Files.createTempDirectory("gpwarden-bench-");
    }

    public static void main(String[] args) throws Exception {
        String mode = "all";
        int events = 1_000_000;
        Path connectLib = null;
        Path reportFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i].replace("_", ""));
                case "--connect-lib" -> connectLib = Path.of(args[++i]);
                case "--report" -> reportFile = Path.of(args[++i]);
                default -> mode = args[i];
            }
        }
        IngestBenchmark b = new IngestBenchmark(events, connectLib);
        try {
            b.start();
            if (mode.equals("memory")) {
                b.memory();
            } else if (mode.equals("profile")) {
                b.profile();
            } else {
                b.all();
            }
        } finally {
            b.stop();
        }
        String text = String.join("\n", b.report) + "\n";
        System.out.println("\n" + text);
        if (reportFile != null) {
            Files.writeString(reportFile, text);
        }
    }

    private void start() throws IOException {
        ServerSettings settings = new ServerSettings(128, 40, true, List.of("max_wal_size = '4GB'",
                "checkpoint_timeout = '30min'"));
        pg = PostgresLauncher.inTempDirectory(settings);
        db = pg.start("bench");
        kafka = KafkaBroker.start();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        report.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB max heap for the harness; date " + LocalDate.now()
                + "; PostgreSQL " + sql1("SHOW server_version") + " (fsync " + sql1("SHOW fsync") + ", synchronous_commit "
                + sql1("SHOW synchronous_commit") + ", shared_buffers " + sql1("SHOW shared_buffers") + "); Kafka broker 4.3.1 "
                + "(KRaft, one node, -Xmx1g); " + events + " events of about " + Workload.json(Workload.event(1)).length
                + " bytes.");
        report.add("");
    }

    private void stop() throws IOException {
        if (kafka != null) {
            kafka.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private void all() throws Exception {
        for (int p : new int[] {4, 2, 1}) {
            topic("ev_p" + p, p);
            long t = System.nanoTime();
            produce("ev_p" + p, p, false, events);
            log("produced %,d events to ev_p%d in %.1f s", events, p, (System.nanoTime() - t) / 1e9);
        }
        report.add("| what | rows/s | agent RSS (MB) | notes |");
        report.add("|---|---:|---:|---|");
        double copy = Math.max(psqlCopy(), psqlCopy());
        row("(a) psql \\copy, CSV file", copy, 0, "the sink's limit");
        double consumer = Math.max(plainConsumer("ev_p4"), plainConsumer("ev_p4"));
        row("(b) plain consumer, 4 partitions, discard", consumer, 0, "the source's limit (in the harness JVM)");
        double bestConnect = 0;
        if (connectLib != null) {
            topic("ev_dbz", 4);
            produce("ev_dbz", 4, true, events);
            for (int[] c : new int[][] {{1, 500}, {2, 500}, {2, 5000}}) {
                double[] r = debezium(c[0], c[1]);
                bestConnect = Math.max(bestConnect, r[0]);
                row("(c) Debezium JDBC sink, tasks.max=" + c[0] + ", batch.size=" + c[1], r[0], (long) r[1],
                        "Connect standalone, schema'd JSON (" + Workload.connectJson(Workload.event(1)).length + " B/record)");
            }
        }
        double[] insert = gpwarden("INSERT", "ev_p4", 100_000, "256m");
        row("(d) gpwarden INSERT, 4 partitions, MAX_ROW 100000", insert[0], (long) insert[1], "-Xmx256m, direct COPY");
        double[] merge = gpwarden("MERGE", "ev_p4", 100_000, "256m");
        row("(d) gpwarden MERGE, 4 partitions, MAX_ROW 100000", merge[0], (long) merge[1], "-Xmx256m, staged, key id");
        double limit = Math.min(copy, consumer);
        report.add("");
        report.add(String.format("Targets: INSERT >= 0.8 x min(a,b) = %,.0f: %s (%.2f x); INSERT >= 5 x best (c) = %,.0f: %s; "
                        + "MERGE >= 0.4 x min(a,b) = %,.0f: %s (%.2f x).",
                0.8 * limit, insert[0] >= 0.8 * limit ? "met" : "MISSED", insert[0] / limit,
                5 * bestConnect, bestConnect == 0 ? "not measured" : insert[0] >= 5 * bestConnect ? "met (" + String.format("%.1f x", insert[0] / bestConnect) + ")" : "MISSED",
                0.4 * limit, merge[0] >= 0.4 * limit ? "met" : "MISSED", merge[0] / limit));
        report.add("");
        report.add("Scale: gpwarden INSERT, rows/s (agent RSS MB)");
        report.add("");
        report.add("| partitions | MAX_ROW 10000 | MAX_ROW 100000 |");
        report.add("|---:|---:|---:|");
        for (int p : new int[] {1, 2, 4}) {
            double[] small = gpwarden("INSERT", "ev_p" + p, 10_000, "256m");
            double[] big = gpwarden("INSERT", "ev_p" + p, 100_000, "256m");
            report.add(String.format("| %d | %,.0f (%d) | %,.0f (%d) |", p, small[0], (long) small[1], big[0], (long) big[1]));
        }
    }

    /** One INSERT run with a flight recording, for looking at where the agent spends its time. */
    private void profile() throws Exception {
        topic("ev_p4", 4);
        produce("ev_p4", 4, false, events);
        Path jfr = Path.of("/tmp/gpwarden-agent.jfr");
        double[] r = gpwarden("INSERT", "ev_p4", 100_000, "256m", "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        report.add(String.format("profile run: %,.0f rows/s, RSS %d MB, recording %s", r[0], (long) r[1], jfr));
        double[] m = gpwarden("MERGE", "ev_p4", 100_000, "256m");
        report.add(String.format("merge run: %,.0f rows/s, RSS %d MB", m[0], (long) m[1]));
    }

    private void memory() throws Exception {
        topic("ev_mem", 4);
        long t = System.nanoTime();
        produce("ev_mem", 4, false, events);
        log("produced %,d events in %.1f s", events, (System.nanoTime() - t) / 1e9);
        report.add("| what | rows/s | peak RSS (MB) | max heap after GC (MB) |");
        report.add("|---|---:|---:|---:|");
        Path gcLog = work.resolve("gc.log");
        double[] r = gpwarden("INSERT", "ev_mem", 100_000, "256m", "-Xlog:gc:file=" + gcLog);
        List<Long> after = new ArrayList<>();
        Matcher m = Pattern.compile("->(\\d+)M\\(").matcher(Files.readString(gcLog));
        while (m.find()) {
            after.add(Long.parseLong(m.group(1)));
        }
        long maxAfter = after.stream().mapToLong(Long::longValue).max().orElse(0);
        report.add(String.format("| gpwarden INSERT, %,d messages waiting, -Xmx256m | %,.0f | %d | %d |", events, r[0],
                (long) r[1], maxAfter));
        report.add("");
        report.add("Heap after each collection, by fifth of the run (" + after.size() + " collections): the heap stays flat.");
        report.add("");
        report.add("| fifth | median after GC (MB) | max after GC (MB) |");
        report.add("|---:|---:|---:|");
        for (int f = 0; f < 5 && !after.isEmpty(); f++) {
            List<Long> part = new ArrayList<>(after.subList(f * after.size() / 5, Math.max(f * after.size() / 5 + 1, (f + 1) * after.size() / 5)));
            part.sort(null);
            report.add(String.format("| %d | %d | %d |", f + 1, part.get(part.size() / 2), part.get(part.size() - 1)));
        }
    }

    private void row(String what, double rate, long rss, String notes) {
        report.add(String.format("| %s | %,.0f | %s | %s |", what, rate, rss == 0 ? "" : Long.toString(rss), notes));
        log("%s: %,.0f rows/s", what, rate);
    }

    private static void log(String f, Object... a) {
        System.err.println("[bench] " + String.format(f, a));
    }

    private String sql1(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String x : statements) {
                s.execute(x);
            }
        }
    }

    private void freshTable(String name, String extra) throws Exception {
        String cols = Workload.TABLE_COLUMNS.substring(0, Workload.TABLE_COLUMNS.length() - 1) + extra + ")";
        sql("DROP TABLE IF EXISTS " + name, "CREATE TABLE " + name + " " + cols, "CHECKPOINT");
    }

    private void topic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    private void produce(String topic, int partitions, boolean connectFormat, int n) {
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

    private double psqlCopy() throws Exception {
        Path csv = work.resolve("events.csv");
        if (!Files.exists(csv)) {
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                for (long id = 1; id <= events; id++) {
                    w.write(Workload.csv(Workload.event(id)));
                }
            }
        }
        freshTable("bench_copy", "");
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-h", db.address(), "-p", Integer.toString(db.port()),
                "-U", PostgresLauncher.SUPERUSER, "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-c", "\\copy bench_copy FROM '" + csv + "' WITH (FORMAT csv)").inheritIO();
        pb.environment().put("PGPASSWORD", pg.access().password());
        long t = System.nanoTime();
        int rc = pb.start().waitFor();
        double secs = (System.nanoTime() - t) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException("psql \\copy failed: " + rc);
        }
        return events / secs;
    }

    private double plainConsumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
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
            while (n < events) {
                ConsumerRecords<byte[], byte[]> rs = c.poll(Duration.ofMillis(500));
                if (t == 0 && !rs.isEmpty()) {
                    t = System.nanoTime();
                }
                for (var r : rs) {
                    bytes += r.value().length;
                    n++;
                }
            }
            return n / ((System.nanoTime() - t) / 1e9) + bytes * 0;
        }
    }

    private double[] debezium(int tasks, int batchSize) throws Exception {
        freshTable("bench_dbz", "");
        String name = "dbz" + tasks + "_" + batchSize;
        Path worker = work.resolve(name + "-worker.properties");
        Files.writeString(worker, String.join("\n",
                "bootstrap.servers=" + kafka.bootstrapServers(),
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
                "connection.url=" + db.jdbcUrl(),
                "connection.username=" + PostgresLauncher.SUPERUSER,
                "connection.password=" + pg.access().password(),
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
                    if (sql1("SELECT EXISTS (SELECT 1 FROM bench_dbz)").equals("t")) {
                        first = System.nanoTime();
                    }
                    Thread.sleep(100);
                    continue;
                }
                if (Long.parseLong(sql1("SELECT count(*) FROM bench_dbz")) >= events) {
                    double rate = events / ((System.nanoTime() - first) / 1e9);
                    return new double[] {rate, child.peakRssMb()};
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("Debezium sink did not finish; see " + work.resolve(name + ".log"));
        }
    }

    private double[] gpwarden(String mode, String topic, int maxRow, String heap, String... jvmFlags) throws Exception {
        String table = "bench_gpw";
        freshTable(table, mode.equals("MERGE") ? ", PRIMARY KEY (id)" : "");
        String name = "bench-" + topic + "-" + mode + "-" + maxRow + "-" + System.nanoTime();
        Path job = work.resolve(name + ".yaml");
        Files.writeString(job, "DATABASE: postgres\nUSER: " + PostgresLauncher.SUPERUSER + "\nPASSWORD: env:GPW_BENCH_PASSWORD\n"
                + "HOST: " + db.address() + "\nPORT: " + db.port() + "\nVERSION: 2\nKAFKA:\n  INPUT:\n    SOURCE:\n"
                + "      BROKERS: " + kafka.bootstrapServers() + "\n      TOPIC: " + topic + "\n"
                + "    VALUE:\n      COLUMNS:\n        - NAME: j\n          TYPE: json\n      FORMAT: json\n"
                + "    ERROR_LIMIT: 0\n  OUTPUT:\n    TABLE: " + table + "\n    MODE: " + mode + "\n"
                + (mode.equals("MERGE") ? "    MATCH_COLUMNS: [id]\n" : "") + Workload.MAPPING
                + "  METADATA:\n    SCHEMA: gpw_meta\n  COMMIT:\n    MAX_ROW: " + maxRow + "\n    MINIMAL_INTERVAL: 1000\n");
        List<String> cmd = new ArrayList<>(ChildJvm.java(heap, classPath, "io.gpwarden.agent.cli.AgentMain",
                List.of("load", job.toString(), "--quit-at-eof", "--no-progress", "--name", name)));
        for (String f : jvmFlags) {
            cmd.add(1, f);
        }
        Path log = work.resolve(name + ".log");
        try (ChildJvm child = new ChildJvm(cmd, Map.of("GPW_BENCH_PASSWORD", pg.access().password()), log)) {
            int rc = child.waitFor();
            String out = Files.readString(log);
            Matcher m = RATE.matcher(out);
            if (rc != 0 || !m.find()) {
                throw new IllegalStateException("gpwarden exited " + rc + ":\n" + out);
            }
            long rows = Long.parseLong(sql1("SELECT count(*) FROM " + table));
            if (rows != events) {
                throw new IllegalStateException("gpwarden loaded " + rows + " rows, expected " + events);
            }
            double rate = Double.parseDouble(m.group(1).replace(",", ""));
            log("gpwarden %s %s MAX_ROW %d: %,.0f rows/s, peak RSS %d MB", mode, topic, maxRow, rate, child.peakRssMb());
            return new double[] {rate, child.peakRssMb()};
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
