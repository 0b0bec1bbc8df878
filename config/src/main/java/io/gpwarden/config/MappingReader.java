package io.gpwarden.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed, validating access to one YAML mapping. Every key read is remembered, so
 * {@link #finish()} can report every key nobody asked for: an unsupported key is an error that
 * names it and its line, never silently ignored.
 *
 * <p>Problems go to the shared {@link ConfigProblems} instead of being thrown, so a whole file
 * is validated in one pass; a getter that hits a problem returns its default (or null/empty)
 * and the caller builds its value objects only after {@link ConfigProblems#throwIfAny()}.
 */
public final class MappingReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+)\\s*([kKmMgGtT][bB])?");

    private final ConfigNode node;
    private final ConfigProblems problems;
    private final boolean ignoreCase;
    private final Map<String, String> keysByFold;
    private final Set<String> consumed = new LinkedHashSet<>();

    private MappingReader(ConfigNode node, ConfigProblems problems, boolean ignoreCase) {
        this.node = node;
        this.problems = problems;
        this.ignoreCase = ignoreCase;
        this.keysByFold = new LinkedHashMap<>();
        for (String key : node.entries().keySet()) {
            String folded = fold(key);
            if (ignoreCase && keysByFold.containsKey(folded)) {
                problems.add(node.get(key).orElseThrow(), "the same key as '" + keysByFold.get(folded)
                        + "' (keys are not case-sensitive here)");
            }
            keysByFold.putIfAbsent(folded, key);
        }
    }

    /** A reader over {@code node}; a node that is not a mapping is reported and read as empty. */
    public static MappingReader of(ConfigNode node, ConfigProblems problems) {
        return create(node, problems, false);
    }

    /** Like {@link #of} but key lookups ignore case (GPSS job files accept either spelling). */
    public static MappingReader ignoringCase(ConfigNode node, ConfigProblems problems) {
        return create(node, problems, true);
    }

    private static MappingReader create(ConfigNode node, ConfigProblems problems, boolean ignoreCase) {
        if (!node.isMapping()) {
            problems.add(node, "expected a mapping of keys, got " + node.describe());
            return new MappingReader(ConfigNode.mapping(node.source(), node.line(), node.column(), node.path(),
                    new LinkedHashMap<>(), new LinkedHashMap<>()), problems, ignoreCase);
        }
        return new MappingReader(node, problems, ignoreCase);
    }

    public ConfigNode node() {
        return node;
    }

    public ConfigProblems problems() {
        return problems;
    }

    /** Whether the key is present (and marks it as known). */
    public boolean has(String key) {
        return raw(key).isPresent();
    }

    /** The value node under {@code key}, marking the key as known. Explicit nulls count as absent. */
    public Optional<ConfigNode> raw(String key) {
        consumed.add(fold(key));
        String actual = keysByFold.get(fold(key));
        return actual == null ? Optional.empty() : node.get(actual).filter(n -> !n.isNull());
    }

    public Optional<String> string(String key) {
        return raw(key).flatMap(n -> scalarText(n, "text"));
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** A required text value; records "missing" and returns null when absent. */
    public String requiredString(String key) {
        Optional<ConfigNode> n = raw(key);
        if (n.isEmpty()) {
            missing(key);
            return null;
        }
        return scalarText(n.get(), "text").orElse(null);
    }

    public Optional<Long> longValue(String key, long min, long max) {
        return raw(key).flatMap(n -> scalarText(n, "an integer").flatMap(t -> parseLong(n, t, min, max)));
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        return longValue(key, min, max).orElse(defaultValue);
    }

    public Optional<Integer> intValue(String key, int min, int max) {
        return longValue(key, min, max).map(Long::intValue);
    }

    public int intValue(String key, int defaultValue, int min, int max) {
        return intValue(key, min, max).orElse(defaultValue);
    }

    public Integer requiredInt(String key, int min, int max) {
        if (!has(key)) {
            missing(key);
            return null;
        }
        return intValue(key, min, max).orElse(null);
    }

    public Optional<Double> doubleValue(String key, double min, double max) {
        return raw(key).flatMap(n -> scalarText(n, "a number").flatMap(t -> {
            try {
                double d = Double.parseDouble(t.trim());
                if (Double.isNaN(d) || d < min || d > max) {
                    problems.add(n, "must be between " + min + " and " + max + ", got " + t);
                    return Optional.empty();
                }
                return Optional.of(d);
            } catch (NumberFormatException e) {
                problems.add(n, "expected a number, got " + n.describe());
                return Optional.empty();
            }
        }));
    }

    public boolean bool(String key, boolean defaultValue) {
        return raw(key).flatMap(n -> scalarText(n, "true or false").flatMap(t -> {
            switch (t.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> {
                    return Optional.of(true);
                }
                case "false", "no", "off" -> {
                    return Optional.of(false);
                }
                default -> {
                    problems.add(n, "expected true or false, got " + n.describe());
                    return Optional.empty();
                }
            }
        })).orElse(defaultValue);
    }

    /**
     * A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or a bare
     * number in {@code bareUnit} (GPSS writes COMMIT.MINIMAL_INTERVAL in milliseconds, for example).
     */
    public Optional<Duration> duration(String key, ChronoUnit bareUnit) {
        return raw(key).flatMap(n -> scalarText(n, "a duration").flatMap(t -> {
            Matcher m = DURATION.matcher(t.trim());
            if (!m.matches()) {
                problems.add(n, "expected a duration such as 500ms, 30s, 5m or 2h, got " + n.describe());
                return Optional.empty();
            }
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2);
            Duration d = unit == null ? Duration.of(amount, bareUnit) : switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return Optional.of(d);
        }));
    }

    public Duration duration(String key, ChronoUnit bareUnit, Duration defaultValue) {
        return duration(key, bareUnit).orElse(defaultValue);
    }

    /**
     * A size in bytes written as {@code 512}, {@code 64kB}, {@code 16MB}, {@code 2GB} or {@code 1TB}
     * (powers of 1024, the way PostgreSQL reads its memory settings).
     */
    public Optional<Long> byteSize(String key, long min, long max) {
        return raw(key).flatMap(n -> scalarText(n, "a size").flatMap(t -> {
            Matcher m = BYTE_SIZE.matcher(t.trim());
            if (!m.matches()) {
                problems.add(n, "expected a size such as 512kB, 64MB or 2GB, got " + n.describe());
                return Optional.empty();
            }
            String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
            int shift = switch (unit) {
                case "KB" -> 10;
                case "MB" -> 20;
                case "GB" -> 30;
                case "TB" -> 40;
                default -> 0;
            };
            long amount = Long.parseLong(m.group(1));
            if (amount > (Long.MAX_VALUE >> shift)) {
                problems.add(n, "too large: " + t.trim());
                return Optional.empty();
            }
            long bytes = amount << shift;
            if (bytes < min || bytes > max) {
                problems.add(n, "must be between " + min + " and " + max + " bytes, got " + t.trim());
                return Optional.empty();
            }
            return Optional.of(bytes);
        }));
    }

    /** One of the enum's constants, matched case-insensitively; the message lists what is allowed. */
    public <E extends Enum<E>> Optional<E> enumValue(String key, Class<E> type) {
        return raw(key).flatMap(n -> scalarText(n, "one of " + allowed(type)).flatMap(t -> {
            String wanted = t.trim().replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(wanted)) {
                    return Optional.of(e);
                }
            }
            problems.add(n, "expected one of " + allowed(type) + ", got " + n.describe());
            return Optional.empty();
        }));
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        return enumValue(key, type).orElse(defaultValue);
    }

    /** A nested mapping, if present. */
    public Optional<MappingReader> mapping(String key) {
        return raw(key).map(n -> create(n, problems, ignoreCase));
    }

    /** A required nested mapping; when absent, records "missing" and returns an empty reader. */
    public MappingReader requiredMapping(String key) {
        Optional<ConfigNode> n = raw(key);
        if (n.isEmpty()) {
            missing(key);
            return create(ConfigNode.mapping(node.source(), node.line(), node.column(), child(key),
                    new LinkedHashMap<>(), new LinkedHashMap<>()), new ConfigProblems(), ignoreCase);
        }
        return create(n.get(), problems, ignoreCase);
    }

    /** The elements of a list (a lone scalar or mapping counts as a one-element list). */
    public List<ConfigNode> list(String key) {
        Optional<ConfigNode> n = raw(key);
        if (n.isEmpty()) {
            return List.of();
        }
        return n.get().isSequence() ? n.get().elements() : List.of(n.get());
    }

    /** A list of mappings, each read with the same case rule as this reader. */
    public List<MappingReader> mappings(String key) {
        List<MappingReader> readers = new ArrayList<>();
        for (ConfigNode element : list(key)) {
            readers.add(create(element, problems, ignoreCase));
        }
        return readers;
    }

    /** A list of texts: a YAML list of scalars, or one scalar holding a comma-separated list. */
    public List<String> stringList(String key) {
        Optional<ConfigNode> n = raw(key);
        if (n.isEmpty()) {
            return List.of();
        }
        if (n.get().isScalar()) {
            return Arrays.stream(n.get().text().split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
        List<String> values = new ArrayList<>();
        for (ConfigNode element : n.get().elements()) {
            scalarText(element, "text").ifPresent(values::add);
        }
        return values;
    }

    /** A secret given by reference ({@code env:NAME}, {@code file:/path}) or, if allowed, literally. */
    public Optional<SecretRef> secret(String key, boolean literalAllowed) {
        return raw(key).flatMap(n -> SecretRef.parse(n, literalAllowed, problems));
    }

    /**
     * Reports every key of this mapping that no getter asked for, as
     * {@code unknown key 'X'; known keys: a, b}. Call after reading all supported keys.
     */
    public void finish() {
        finish("unknown key");
    }

    /** Like {@link #finish()} with the caller's wording, e.g. "not supported by gpwarden". */
    public void finish(String unknownKeyMessage) {
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            if (!consumed.contains(fold(e.getKey()))) {
                ConfigNode value = e.getValue();
                problems.add(new ConfigProblem(node.source(), node.keyLine(e.getKey()), 0, value.path(),
                        unknownKeyMessage + " '" + e.getKey() + "'" + knownKeysHint()));
            }
        }
    }

    private String knownKeysHint() {
        if (consumed.isEmpty()) {
            return "";
        }
        return "; known keys here: " + consumed.stream().map(this::displayKey).collect(Collectors.joining(", "));
    }

    private String displayKey(String folded) {
        return keysByFold.getOrDefault(folded, folded);
    }

    private void missing(String key) {
        problems.add(new ConfigProblem(node.source(), node.line(), node.column(), child(key), "required key is missing"));
    }

    private String child(String key) {
        return node.path().isEmpty() ? key : node.path() + "." + key;
    }

    private Optional<String> scalarText(ConfigNode n, String expected) {
        if (!n.isScalar()) {
            problems.add(n, "expected " + expected + ", got " + n.describe());
            return Optional.empty();
        }
        return Optional.of(n.text());
    }

    private Optional<Long> parseLong(ConfigNode n, String text, long min, long max) {
        try {
            long v = Long.parseLong(text.trim().replace("_", ""));
            if (v < min || v > max) {
                problems.add(n, "must be between " + min + " and " + max + ", got " + v);
                return Optional.empty();
            }
            return Optional.of(v);
        } catch (NumberFormatException e) {
            problems.add(n, "expected an integer, got " + n.describe());
            return Optional.empty();
        }
    }

    private String fold(String key) {
        return ignoreCase ? key.toLowerCase(Locale.ROOT) : key;
    }

    private static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("|"));
    }
}
