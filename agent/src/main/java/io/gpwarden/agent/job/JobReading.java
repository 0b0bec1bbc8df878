package io.gpwarden.agent.job;

import io.gpwarden.config.ConfigNode;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.MappingReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Reading steps shared by the version 2 and version 3 job readers: identifiers, column lists,
 * format options, mappings and Kafka properties, each problem reported at its node.
 */
final class JobReading {
    static final String UNSUPPORTED = "not supported by gpwarden:";

    /** librdkafka spellings GPSS users write, and the Java client's name for the same thing. */
    private static final Map<String, String> RDKAFKA_NAMES = Map.of(
            "sasl.mechanisms", "sasl.mechanism",
            "bootstrap.servers", "bootstrap.servers");

    /** Properties gpwarden owns: setting them would break exactly-once or decoding. */
    private static final Set<String> OWNED = Set.of(
            "enable.auto.commit", "key.deserializer", "value.deserializer", "bootstrap.servers");

    private JobReading() {
    }

    /** A required identifier; a problem at its node when it is not a plain SQL name. */
    static String identifier(MappingReader r, String key) {
        Optional<ConfigNode> n = r.raw(key);
        String v = r.requiredString(key);
        if (v != null) {
            String p = Identifiers.problem(v);
            if (p != null) {
                r.problems().add(n.orElseThrow(), p);
                return null;
            }
        }
        return v;
    }

    static Optional<String> optionalIdentifier(MappingReader r, String key) {
        if (!r.has(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(identifier(r, key));
    }

    /** A list of identifiers (MATCH_COLUMNS and friends). */
    static List<String> identifiers(MappingReader r, String key) {
        List<String> out = new ArrayList<>();
        Optional<ConfigNode> n = r.raw(key);
        for (String s : r.stringList(key)) {
            String p = Identifiers.problem(s);
            if (p != null) {
                r.problems().add(n.orElseThrow(), p);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** One column declaration {NAME, TYPE} (keys matched ignoring case). */
    static RecordFormat.SourceColumn column(MappingReader c) {
        String name = c.requiredString("name");
        Optional<ConfigNode> nameNode = c.raw("name");
        String type = c.requiredString("type");
        c.finish(UNSUPPORTED);
        if (name != null && !RecordFormat.IGNORED.equals(name)) {
            String p = Identifiers.problem(name);
            if (p != null) {
                c.problems().add(nameNode.orElseThrow(), p);
            }
        }
        if (type != null && !type.matches("[A-Za-z][A-Za-z0-9_ ]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?(\\[\\])?")) {
            c.problems().add(c.raw("type").orElseThrow(), "'" + type + "' is not a type name");
        }
        return new RecordFormat.SourceColumn(name, type == null ? "text" : type.trim());
    }

    static List<RecordFormat.SourceColumn> columns(MappingReader r, String key) {
        List<RecordFormat.SourceColumn> out = new ArrayList<>();
        for (MappingReader c : r.mappings(key)) {
            out.add(column(c));
        }
        return out;
    }

    /** A single-character option; {@code fallback} when absent. */
    static char character(MappingReader r, String key, char fallback) {
        Optional<String> s = r.string(key);
        if (s.isEmpty()) {
            return fallback;
        }
        String v = s.get();
        if (v.equals("\\t")) {
            return '\t';
        }
        if (v.length() != 1) {
            r.problems().add(r.raw(key).orElseThrow(), "expected a single character, got \"" + v + "\"");
            return fallback;
        }
        return v.charAt(0);
    }

    /** Checks that a json format has exactly one json or jsonb column, a binary one one bytea column. */
    static void checkSingleColumn(MappingReader r, ConfigNode where, RecordFormat f) {
        if (f.kind() == RecordFormat.Kind.JSON) {
            if (f.columns().size() != 1 || !f.columns().get(0).type().toLowerCase(Locale.ROOT).matches("jsonb?")) {
                r.problems().add(where, "the json format loads the whole record into one column of type json or jsonb");
            }
        } else if (f.kind() == RecordFormat.Kind.BINARY) {
            if (f.columns().size() != 1 || !f.columns().get(0).type().equalsIgnoreCase("bytea")) {
                r.problems().add(where, "the binary format loads the whole record into one column of type bytea");
            }
        } else if (f.columns().isEmpty()) {
            r.problems().add(where, "list the columns of the " + f.kind().name().toLowerCase(Locale.ROOT) + " format");
        }
    }

    /** MAPPING: a list of {NAME, EXPRESSION} or a map target: expression. */
    static Map<String, String> mapping(MappingReader r, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<ConfigNode> n = r.raw(key);
        if (n.isEmpty()) {
            return out;
        }
        if (n.get().isMapping()) {
            MappingReader m = MappingReader.of(n.get(), r.problems());
            for (String target : n.get().entries().keySet()) {
                ConfigNode v = n.get().entries().get(target);
                String expr = m.requiredString(target);
                String p = Identifiers.problem(target);
                if (p != null) {
                    r.problems().add(v, p);
                } else if (expr != null) {
                    out.put(target, expr);
                }
            }
            return out;
        }
        for (MappingReader e : r.mappings(key)) {
            String name = identifier(e, "name");
            String expr = e.requiredString("expression");
            e.finish(UNSUPPORTED);
            if (name != null && expr != null) {
                if (out.put(name, expr) != null) {
                    r.problems().add(e.node(), "column " + name + " is mapped twice");
                }
            }
        }
        return out;
    }

    /** Consumer properties (PROPERTIES / rdkafka_prop), checked against the Kafka client's names. */
    static Map<String, String> kafkaProperties(MappingReader r, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<ConfigNode> n = r.raw(key);
        if (n.isEmpty()) {
            return out;
        }
        if (!n.get().isMapping()) {
            r.problems().add(n.get(), "expected a mapping of Kafka consumer properties");
            return out;
        }
        Set<String> known = new LinkedHashSet<>(ConsumerConfig.configNames());
        for (Map.Entry<String, ConfigNode> e : n.get().entries().entrySet()) {
            String name = RDKAFKA_NAMES.getOrDefault(e.getKey(), e.getKey());
            ConfigNode v = e.getValue();
            if (!v.isScalar()) {
                r.problems().add(v, "expected a text value");
                continue;
            }
            if (name.equals("enable.auto.commit")) {
                if (!v.text().trim().equalsIgnoreCase("false")) {
                    r.problems().add(v, "gpwarden commits offsets in the database with the rows; "
                            + "enable.auto.commit must be false (or left out)");
                }
                continue;
            }
            if (OWNED.contains(name)) {
                r.problems().add(v, "set by gpwarden from the job; remove it");
                continue;
            }
            if (!known.contains(name)) {
                r.problems().add(v, UNSUPPORTED + " '" + e.getKey() + "' is not a Kafka consumer property");
                continue;
            }
            out.put(name, v.text());
        }
        return out;
    }

    /** ERROR_LIMIT: a count or a percentage such as "5%". */
    static Optional<ErrorLimit> errorLimit(MappingReader r, String key) {
        Optional<ConfigNode> n = r.raw(key);
        Optional<String> s = r.string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String t = s.get().trim();
        try {
            if (t.endsWith("%")) {
                double p = Double.parseDouble(t.substring(0, t.length() - 1).trim());
                if (p < 0 || p > 100) {
                    throw new NumberFormatException();
                }
                return Optional.of(ErrorLimit.percentOf(p));
            }
            long c = Long.parseLong(t);
            if (c < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(ErrorLimit.rows(c));
        } catch (NumberFormatException e) {
            r.problems().add(n.orElseThrow(), "expected a row count (25) or a percentage (5%), got \"" + t + "\"");
            return Optional.empty();
        }
    }

    static Optional<List<Integer>> partitions(MappingReader r, String key) {
        Optional<ConfigNode> n = r.raw(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        String text = n.get().isSequence()
                ? String.join(",", r.stringList(key))
                : n.get().isScalar() ? n.get().text() : "";
        try {
            return Optional.of(PartitionList.parse(text));
        } catch (IllegalArgumentException e) {
            r.problems().add(n.get(), e.getMessage());
            return Optional.empty();
        }
    }

    static String checkedSql(MappingReader r, String key, ConfigProblems problems) {
        return r.string(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    }
}
