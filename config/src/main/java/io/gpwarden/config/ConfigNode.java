package io.gpwarden.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a YAML document that remembers where it came from (file, line, column) and its key
 * path from the root, so every later validation can point at the exact spot. Immutable.
 *
 * <p>A node is a mapping (insertion-ordered keys), a sequence, a scalar (kept as its text, typed
 * only when read through {@link MappingReader} or the {@code as*} methods) or null.
 */
public final class ConfigNode {
    /** The shape of a node. */
    public enum Kind { MAPPING, SEQUENCE, SCALAR, NULL }

    private final Kind kind;
    private final String source;
    private final int line;
    private final int column;
    private final String path;
    private final String scalar;
    private final Map<String, ConfigNode> entries;
    private final Map<String, Integer> keyLines;
    private final List<ConfigNode> elements;

    private ConfigNode(Kind kind, String source, int line, int column, String path, String scalar,
                       Map<String, ConfigNode> entries, Map<String, Integer> keyLines, List<ConfigNode> elements) {
        this.kind = kind;
        this.source = source;
        this.line = line;
        this.column = column;
        this.path = path;
        this.scalar = scalar;
        this.entries = entries;
        this.keyLines = keyLines;
        this.elements = elements;
    }

    static ConfigNode scalar(String source, int line, int column, String path, String text) {
        return new ConfigNode(Kind.SCALAR, source, line, column, path, text, Map.of(), Map.of(), List.of());
    }

    static ConfigNode nullNode(String source, int line, int column, String path) {
        return new ConfigNode(Kind.NULL, source, line, column, path, null, Map.of(), Map.of(), List.of());
    }

    static ConfigNode mapping(String source, int line, int column, String path,
                              LinkedHashMap<String, ConfigNode> entries, LinkedHashMap<String, Integer> keyLines) {
        return new ConfigNode(Kind.MAPPING, source, line, column, path, null,
                Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines), List.of());
    }

    static ConfigNode sequence(String source, int line, int column, String path, List<ConfigNode> elements) {
        return new ConfigNode(Kind.SEQUENCE, source, line, column, path, null, Map.of(), Map.of(), List.copyOf(elements));
    }

    public Kind kind() {
        return kind;
    }

    public String source() {
        return source;
    }

    /** 1-based line where the node's value starts. */
    public int line() {
        return line;
    }

    /** 1-based column where the node's value starts. */
    public int column() {
        return column;
    }

    /** Key path from the root, e.g. {@code KAFKA.INPUT.SOURCE.TOPIC} or {@code targets.gpdb.tables[0].table}. */
    public String path() {
        return path;
    }

    public boolean isMapping() {
        return kind == Kind.MAPPING;
    }

    public boolean isSequence() {
        return kind == Kind.SEQUENCE;
    }

    public boolean isScalar() {
        return kind == Kind.SCALAR;
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** The entries of a mapping in document order; empty for other kinds. */
    public Map<String, ConfigNode> entries() {
        return entries;
    }

    /** The line of a key (not its value) in a mapping; 0 if absent. */
    public int keyLine(String key) {
        return keyLines.getOrDefault(key, 0);
    }

    /** The elements of a sequence; empty for other kinds. */
    public List<ConfigNode> elements() {
        return elements;
    }

    /** The value under {@code key} if this is a mapping holding it. */
    public Optional<ConfigNode> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The scalar text exactly as written (after YAML unquoting); null for non-scalars. */
    public String text() {
        return scalar;
    }

    /** A short description of the node's shape for error messages. */
    public String describe() {
        return switch (kind) {
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            case NULL -> "nothing";
            case SCALAR -> '"' + abbreviate(scalar) + '"';
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    @Override
    public String toString() {
        return source + ":" + line + ":" + column + " " + path + " (" + kind + ")";
    }
}
