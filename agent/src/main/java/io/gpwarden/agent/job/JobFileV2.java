package io.gpwarden.agent.job;

import static io.gpwarden.agent.job.JobReading.UNSUPPORTED;

import io.gpwarden.config.ConfigNode;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.MappingReader;
import io.gpwarden.config.SecretRef;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a GPSS load configuration file of version 1 or 2 (upper-case keys, the {@code KAFKA:}
 * block). Keys are matched ignoring case, as gpkafka does; every key gpwarden does not support is
 * reported with its line.
 */
final class JobFileV2 {
    private JobFileV2() {
    }

    static JobSpec read(ConfigNode root, ConfigProblems problems) {
        MappingReader top = MappingReader.ignoringCase(root, problems);
        String database = top.requiredString("DATABASE");
        String user = top.requiredString("USER");
        Optional<SecretRef> password = top.secret("PASSWORD", true);
        String host = top.requiredString("HOST");
        int port = top.intValue("PORT", 5432, 1, 65535);
        top.intValue("VERSION", 1, 2);

        MappingReader kafka = top.requiredMapping("KAFKA");
        MappingReader input = kafka.requiredMapping("INPUT");
        MappingReader src = input.requiredMapping("SOURCE");
        List<String> brokers = src.stringList("BROKERS");
        if (brokers.isEmpty()) {
            src.requiredString("BROKERS");
        }
        String topic = src.requiredString("TOPIC");
        Optional<List<Integer>> partitions = JobReading.partitions(src, "PARTITIONS");
        KafkaSource.FallbackOffset fallback = src.enumValue("FALLBACK_OFFSET", KafkaSource.FallbackOffset.class,
                KafkaSource.FallbackOffset.EARLIEST);
        src.finish(UNSUPPORTED);

        Optional<RecordFormat> key = input.mapping("KEY").map(JobFileV2::format);
        Optional<ConfigNode> valueNode = input.raw("VALUE");
        RecordFormat value = format(input.requiredMapping("VALUE"));
        if (valueNode.isPresent()) {
            JobReading.checkSingleColumn(input, valueNode.get(), value);
        }
        input.raw("KEY").ifPresent(n -> key.ifPresent(k -> JobReading.checkSingleColumn(input, n, k)));
        Optional<String> meta = input.mapping("META").map(JobFileV2::meta);
        Optional<String> filter = input.string("FILTER").map(String::trim).filter(s -> !s.isEmpty());
        ErrorLimit errorLimit = JobReading.errorLimit(input, "ERROR_LIMIT").orElse(ErrorLimit.rows(0));
        input.finish(UNSUPPORTED);

        MappingReader out = kafka.requiredMapping("OUTPUT");
        Output output = output(out);

        String metadataSchema = kafka.mapping("METADATA").map(m -> {
            String s = JobReading.identifier(m, "SCHEMA");
            m.finish(UNSUPPORTED);
            return s;
        }).orElse(output.schema());

        int maxRows = CommitPolicy.DEFAULT_MAX_ROWS;
        Duration interval = CommitPolicy.DEFAULT_INTERVAL;
        Optional<MappingReader> commit = kafka.mapping("COMMIT");
        if (commit.isPresent()) {
            maxRows = commit.get().intValue("MAX_ROW", maxRows, 1, 10_000_000);
            interval = commit.get().duration("MINIMAL_INTERVAL", ChronoUnit.MILLIS, interval);
            commit.get().string("CONSISTENCY").ifPresent(c -> {
                if (!c.equalsIgnoreCase("strong")) {
                    problems.add(commit.get().raw("CONSISTENCY").orElseThrow(),
                            "gpwarden always commits offsets with the rows (strong); '" + c + "' is not offered");
                }
            });
            commit.get().finish(UNSUPPORTED);
        }
        Duration pollTimeout = Duration.ofMillis(100);
        Optional<Integer> pollBatch = Optional.empty();
        Optional<MappingReader> poll = kafka.mapping("POLL");
        if (poll.isPresent()) {
            pollBatch = poll.get().intValue("BATCHSIZE", 1, 1_000_000);
            pollTimeout = poll.get().duration("TIMEOUT", ChronoUnit.MILLIS, pollTimeout);
            poll.get().finish(UNSUPPORTED);
        }
        Optional<JobSpec.PostBatchSql> post = kafka.mapping("TASK").flatMap(t -> {
            Optional<String> sql = t.string("POST_BATCH_SQL").map(String::trim).filter(s -> !s.isEmpty());
            int every = t.intValue("BATCH_INTERVAL", 1, 1, 1_000_000);
            t.finish(UNSUPPORTED);
            return sql.map(s -> new JobSpec.PostBatchSql(s, every));
        });
        Map<String, String> properties = JobReading.kafkaProperties(kafka, "PROPERTIES");
        kafka.finish(UNSUPPORTED);

        Schedule schedule = top.mapping("SCHEDULE").map(JobFileV2::schedule)
                .orElse(new Schedule(Schedule.DEFAULT_RETRY_INTERVAL, -1, Optional.empty()));
        top.finish(UNSUPPORTED);

        problems.throwIfAny();
        return new JobSpec(root.source(), output.schema() + "." + output.table(),
                new DatabaseTarget(host, port, database, user, password),
                new KafkaSource(brokers, topic, partitions, fallback, properties, pollTimeout, pollBatch),
                key, value, meta, errorLimit, filter, output, metadataSchema,
                new CommitPolicy(maxRows, interval), post, schedule);
    }

    static Schedule schedule(MappingReader s) {
        Duration retry = s.duration("RETRY_INTERVAL", ChronoUnit.SECONDS, Schedule.DEFAULT_RETRY_INTERVAL);
        int maxRetries = s.intValue("MAX_RETRIES", -1, -1, Integer.MAX_VALUE);
        Optional<Duration> running = s.duration("RUNNING_DURATION", ChronoUnit.SECONDS);
        s.finish(UNSUPPORTED);
        return new Schedule(retry, maxRetries, running);
    }

    private static RecordFormat format(MappingReader f) {
        List<RecordFormat.SourceColumn> columns = JobReading.columns(f, "COLUMNS");
        RecordFormat.Kind kind = f.enumValue("FORMAT", RecordFormat.Kind.class).orElse(null);
        if (kind == null && !f.has("FORMAT")) {
            f.requiredString("FORMAT");
        }
        RecordFormat result;
        if (kind == RecordFormat.Kind.CSV) {
            result = f.mapping("CSV_OPTION").map(o -> {
                char delimiter = JobReading.character(o, "DELIMITER", ',');
                char quote = JobReading.character(o, "QUOTE", '"');
                char escape = JobReading.character(o, "ESCAPE", quote);
                String nullString = o.string("NULL_STRING", "");
                Set<String> forceNotNull = Set.copyOf(o.stringList("FORCE_NOT_NULL"));
                boolean fill = o.bool("FILL_MISSING_FIELDS", false);
                o.finish(UNSUPPORTED);
                return new RecordFormat(RecordFormat.Kind.CSV, columns, delimiter, quote, escape, nullString, forceNotNull, fill);
            }).orElse(new RecordFormat(RecordFormat.Kind.CSV, columns, ',', '"', '"', "", Set.of(), false));
        } else if (kind == RecordFormat.Kind.DELIMITED) {
            Optional<MappingReader> o = f.mapping("DELIMITED_OPTION");
            if (o.isEmpty()) {
                f.requiredMapping("DELIMITED_OPTION");
                result = new RecordFormat(kind, columns, ',', RecordFormat.NONE, RecordFormat.NONE, null, Set.of(), false);
            } else {
                result = delimited(o.get(), columns);
            }
        } else {
            RecordFormat.Kind k = kind == null ? RecordFormat.Kind.JSON : kind;
            result = new RecordFormat(k, columns, ',', '"', '"', "", Set.of(), false);
        }
        f.finish(UNSUPPORTED);
        return result;
    }

    static RecordFormat delimited(MappingReader o, List<RecordFormat.SourceColumn> columns) {
        o.requiredString("DELIMITER");
        char delimiter = JobReading.character(o, "DELIMITER", ',');
        char quote = JobReading.character(o, "QUOTE", RecordFormat.NONE);
        char escape = JobReading.character(o, "ESCAPE", RecordFormat.NONE);
        o.finish(UNSUPPORTED);
        return new RecordFormat(RecordFormat.Kind.DELIMITED, columns, delimiter, quote, escape, null, Set.of(), false);
    }

    private static String meta(MappingReader m) {
        List<RecordFormat.SourceColumn> columns = JobReading.columns(m, "COLUMNS");
        Optional<String> format = m.string("FORMAT");
        m.finish(UNSUPPORTED);
        if (columns.size() != 1 || !columns.get(0).type().equalsIgnoreCase("json")
                || format.filter(f -> !f.equalsIgnoreCase("json")).isPresent()) {
            m.problems().add(m.node(), "META carries one column of type json (FORMAT: json)");
            return null;
        }
        return columns.get(0).name();
    }

    static Output output(MappingReader out) {
        String schema = out.has("SCHEMA") ? JobReading.identifier(out, "SCHEMA") : "public";
        String table = JobReading.identifier(out, "TABLE");
        Output.LoadMode mode = out.enumValue("MODE", Output.LoadMode.class, Output.LoadMode.INSERT);
        List<String> match = JobReading.identifiers(out, "MATCH_COLUMNS");
        List<String> order = JobReading.identifiers(out, "ORDER_COLUMNS");
        List<String> update = JobReading.identifiers(out, "UPDATE_COLUMNS");
        Optional<String> updateCondition = out.string("UPDATE_CONDITION").map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> deleteCondition = out.string("DELETE_CONDITION").map(String::trim).filter(s -> !s.isEmpty());
        Map<String, String> mapping = JobReading.mapping(out, "MAPPING");
        JobRules.checkMode(out, mode, match, order, update, updateCondition, deleteCondition);
        out.finish(UNSUPPORTED);
        return new Output(schema, table, mode, match, order, update, updateCondition, deleteCondition, mapping);
    }
}
