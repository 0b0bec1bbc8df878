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
 * Reads a GPSS version 3 job file ({@code version: v3}, lower-case {@code targets}, {@code sources},
 * {@code option}). One Kafka source and one target table per job: a list with more is rejected
 * at its key, because one transaction per batch across several tables with per-table filters is
 * not something gpwarden does yet.
 */
final class JobFileV3 {
    private JobFileV3() {
    }

    static JobSpec read(ConfigNode root, ConfigProblems problems) {
        MappingReader top = MappingReader.ignoringCase(root, problems);
        top.requiredString("version");

        MappingReader gpdb = single(top, "targets", "gpdb");
        String host = gpdb.requiredString("host");
        int port = gpdb.intValue("port", 5432, 1, 65535);
        String user = gpdb.requiredString("user");
        Optional<SecretRef> password = gpdb.secret("password", true);
        String database = gpdb.requiredString("database");
        Optional<String> workSchema = JobReading.optionalIdentifier(gpdb, "work_schema");
        ErrorLimit errorLimit = JobReading.errorLimit(gpdb, "error_limit").orElse(ErrorLimit.rows(0));
        List<MappingReader> tables = gpdb.mappings("tables");
        if (tables.isEmpty()) {
            gpdb.raw("tables").ifPresentOrElse(
                    n -> problems.add(n, "list one target table"),
                    () -> gpdb.requiredString("tables"));
        } else if (tables.size() > 1) {
            problems.add(tables.get(1).node(), UNSUPPORTED + " fan-out to several tables in one job; "
                    + "write one job per table (each keeps its own offsets)");
        }
        Output output = null;
        Optional<String> filter = Optional.empty();
        if (!tables.isEmpty()) {
            MappingReader t = tables.get(0);
            output = output(t);
            filter = t.string("filter").map(String::trim).filter(s -> !s.isEmpty());
            t.finish(UNSUPPORTED);
        }
        gpdb.finish(UNSUPPORTED);

        MappingReader kafka = single(top, "sources", "kafka");
        String topic = kafka.requiredString("topic");
        List<String> brokers = kafka.stringList("brokers");
        if (brokers.isEmpty()) {
            kafka.requiredString("brokers");
        }
        Optional<List<Integer>> partitions = JobReading.partitions(kafka, "partitions");
        Optional<RecordFormat> key = kafka.mapping("key_content").map(JobFileV3::content);
        kafka.raw("key_content").ifPresent(n -> key.ifPresent(k -> JobReading.checkSingleColumn(kafka, n, k)));
        Optional<ConfigNode> valueNode = kafka.raw("value_content");
        RecordFormat value = content(kafka.requiredMapping("value_content"));
        valueNode.ifPresent(n -> JobReading.checkSingleColumn(kafka, n, value));
        Optional<String> meta = kafka.mapping("meta").map(JobFileV3::meta);
        Map<String, String> properties = JobReading.kafkaProperties(kafka, "rdkafka_prop");
        KafkaSource.FallbackOffset fallback = kafka.enumValue("fallback_offset", KafkaSource.FallbackOffset.class,
                KafkaSource.FallbackOffset.EARLIEST);
        kafka.string("consistency").ifPresent(c -> {
            if (!c.equalsIgnoreCase("strong")) {
                problems.add(kafka.raw("consistency").orElseThrow(),
                        "gpwarden always commits offsets with the rows (strong); '" + c + "' is not offered");
            }
        });
        int maxRows = CommitPolicy.DEFAULT_MAX_ROWS;
        Duration interval = CommitPolicy.DEFAULT_INTERVAL;
        Optional<JobSpec.PostBatchSql> post = Optional.empty();
        Optional<MappingReader> task = kafka.mapping("task");
        if (task.isPresent()) {
            Optional<MappingReader> size = task.get().mapping("batch_size");
            if (size.isPresent()) {
                maxRows = size.get().intValue("max_count", maxRows, 1, 10_000_000);
                interval = size.get().duration("interval_ms", ChronoUnit.MILLIS, interval);
                size.get().finish(UNSUPPORTED);
            }
            Optional<String> window = task.get().string("window_statement").map(String::trim).filter(s -> !s.isEmpty());
            int every = task.get().intValue("window_size", 1, 1, 1_000_000);
            post = window.map(s -> new JobSpec.PostBatchSql(s, every));
            task.get().finish(UNSUPPORTED);
        }
        kafka.finish(UNSUPPORTED);

        Schedule schedule = new Schedule(Schedule.DEFAULT_RETRY_INTERVAL, -1, Optional.empty());
        Optional<MappingReader> option = top.mapping("option");
        if (option.isPresent()) {
            Optional<MappingReader> s = option.get().mapping("schedule");
            if (s.isPresent()) {
                schedule = JobFileV2.schedule(s.get());
            }
            option.get().finish(UNSUPPORTED);
        }
        top.finish(UNSUPPORTED);

        problems.throwIfAny();
        return new JobSpec(root.source(), output.schema() + "." + output.table(),
                new DatabaseTarget(host, port, database, user, password),
                new KafkaSource(brokers, topic, partitions, fallback, properties, Duration.ofMillis(100), Optional.empty()),
                key, value, meta, errorLimit, filter, output, workSchema.orElse(output.schema()),
                new CommitPolicy(maxRows, interval), post, schedule);
    }

    /** {@code list: [ {kind: {...}} ]} with exactly one element of the given kind. */
    private static MappingReader single(MappingReader top, String listKey, String kind) {
        List<MappingReader> items = top.mappings(listKey);
        if (items.isEmpty()) {
            top.requiredString(listKey);
            return MappingReader.of(top.node(), new ConfigProblems());
        }
        if (items.size() > 1) {
            top.problems().add(items.get(1).node(), UNSUPPORTED + " more than one entry under " + listKey
                    + "; write one job per " + (kind.equals("gpdb") ? "target" : "source"));
        }
        MappingReader item = items.get(0);
        MappingReader inner = item.requiredMapping(kind);
        item.finish(UNSUPPORTED);
        return inner;
    }

    private static Output output(MappingReader t) {
        String schema = t.has("schema") ? JobReading.identifier(t, "schema") : "public";
        String table = JobReading.identifier(t, "table");
        Output.LoadMode mode = Output.LoadMode.INSERT;
        List<String> match = List.of();
        List<String> order = List.of();
        List<String> update = List.of();
        Optional<String> updateCondition = Optional.empty();
        Optional<String> deleteCondition = Optional.empty();
        Optional<ConfigNode> modeNode = t.raw("mode");
        if (modeNode.isPresent() && modeNode.get().isScalar()) {
            mode = t.enumValue("mode", Output.LoadMode.class, mode);
        } else if (modeNode.isPresent()) {
            MappingReader m = MappingReader.ignoringCase(modeNode.get(), t.problems());
            if (modeNode.get().entries().size() != 1) {
                t.problems().add(modeNode.get(), "name exactly one mode: insert, merge or update");
            }
            for (Output.LoadMode candidate : Output.LoadMode.values()) {
                Optional<ConfigNode> body = m.raw(candidate.name());
                if (body.isEmpty() && !m.has(candidate.name())) {
                    continue;
                }
                mode = candidate;
                if (body.isEmpty()) {
                    break;
                }
                MappingReader b = MappingReader.ignoringCase(body.get(), t.problems());
                match = JobReading.identifiers(b, "match_columns");
                order = JobReading.identifiers(b, "order_columns");
                update = JobReading.identifiers(b, "update_columns");
                updateCondition = b.string("update_condition").map(String::trim).filter(s -> !s.isEmpty());
                deleteCondition = b.string("delete_condition").map(String::trim).filter(s -> !s.isEmpty());
                JobRules.checkMode(b, candidate, match, order, update, updateCondition, deleteCondition);
                b.finish(UNSUPPORTED);
                break;
            }
            m.finish(UNSUPPORTED);
        }
        Map<String, String> mapping = JobReading.mapping(t, "mapping");
        return new Output(schema, table, mode, match, order, update, updateCondition, deleteCondition, mapping);
    }

    private static RecordFormat content(MappingReader c) {
        RecordFormat result = null;
        if (c.node().entries().size() != 1) {
            c.problems().add(c.node(), "name exactly one format: json, csv, delimited or binary");
        }
        Optional<MappingReader> json = c.mapping("json");
        Optional<MappingReader> binary = c.mapping("binary");
        Optional<MappingReader> csv = c.mapping("csv");
        Optional<MappingReader> delimited = c.mapping("delimited");
        if (json.isPresent() || binary.isPresent()) {
            MappingReader j = json.orElseGet(binary::get);
            RecordFormat.SourceColumn col = j.mapping("column").map(JobReading::column).orElse(null);
            if (col == null) {
                j.requiredMapping("column");
            }
            j.finish(UNSUPPORTED);
            RecordFormat.Kind kind = json.isPresent() ? RecordFormat.Kind.JSON : RecordFormat.Kind.BINARY;
            result = new RecordFormat(kind, col == null ? List.of() : List.of(col), ',', '"', '"', "", Set.of(), false);
        } else if (csv.isPresent()) {
            MappingReader o = csv.get();
            List<RecordFormat.SourceColumn> columns = JobReading.columns(o, "columns");
            char delimiter = JobReading.character(o, "delimiter", ',');
            char quote = JobReading.character(o, "quote", '"');
            char escape = JobReading.character(o, "escape", quote);
            String nullString = o.string("null_string", "");
            Set<String> forceNotNull = Set.copyOf(o.stringList("force_not_null"));
            boolean fill = o.bool("fill_missing_fields", false);
            o.finish(UNSUPPORTED);
            result = new RecordFormat(RecordFormat.Kind.CSV, columns, delimiter, quote, escape, nullString, forceNotNull, fill);
        } else if (delimited.isPresent()) {
            List<RecordFormat.SourceColumn> columns = JobReading.columns(delimited.get(), "columns");
            result = JobFileV2.delimited(delimited.get(), columns);
        }
        c.finish(UNSUPPORTED);
        return result == null ? RecordFormat.json("value", "json") : result;
    }

    private static String meta(MappingReader m) {
        Optional<MappingReader> json = m.mapping("json");
        m.finish(UNSUPPORTED);
        if (json.isEmpty()) {
            m.problems().add(m.node(), "meta is written as json: {column: {name: meta, type: json}}");
            return null;
        }
        RecordFormat.SourceColumn col = json.get().mapping("column").map(JobReading::column).orElse(null);
        json.get().finish(UNSUPPORTED);
        if (col == null || !col.type().equalsIgnoreCase("json")) {
            m.problems().add(m.node(), "meta carries one column of type json");
            return null;
        }
        return col.name();
    }
}
