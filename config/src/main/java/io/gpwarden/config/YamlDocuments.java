package io.gpwarden.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into {@link ConfigNode} trees that keep file, line, column and key path.
 *
 * <p>Strict on purpose: duplicate keys, non-scalar keys, several documents in one file and
 * alias bombs are errors, because a configuration that means something other than what its
 * author sees must not start a controller or a load job.
 */
public final class YamlDocuments {
    private static final int MAX_ALIASES = 50;
    private static final int MAX_SIZE_BYTES = 4 * 1024 * 1024;

    private YamlDocuments() {
    }

    /** Reads a file; a missing or unreadable file is a {@link ConfigException} naming it. */
    public static ConfigNode load(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(name, 0, 0, "", "file not found"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(name, 0, 0, "", "cannot read: " + e.getMessage()));
        }
        return parse(name, text);
    }

    /** Parses text; {@code source} names it in every problem reported later. */
    public static ConfigNode parse(String source, String text) {
        Node root = compose(source, new StringReader(text));
        if (root == null) {
            return ConfigNode.nullNode(source, 1, 1, "");
        }
        ConfigProblems problems = new ConfigProblems();
        ConfigNode tree = convert(source, root, "", problems);
        problems.throwIfAny();
        return tree;
    }

    private static Node compose(String source, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_SIZE_BYTES);
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(options);
        try {
            List<Node> documents = new ArrayList<>();
            for (Node n : yaml.composeAll(reader)) {
                documents.add(n);
            }
            if (documents.size() > 1) {
                Mark m = documents.get(1).getStartMark();
                throw new ConfigException(new ConfigProblem(source, m.getLine() + 1, m.getColumn() + 1, "",
                        "more than one YAML document in the file; keep one"));
            }
            return documents.isEmpty() ? null : documents.get(0);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = m == null ? 0 : m.getLine() + 1;
            int column = m == null ? 0 : m.getColumn() + 1;
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            throw new ConfigException(new ConfigProblem(source, line, column, "", "not valid YAML: " + context + what));
        } catch (YAMLException e) {
            throw new ConfigException(new ConfigProblem(source, 0, 0, "", "not valid YAML: " + e.getMessage()));
        }
    }

    private static ConfigNode convert(String source, Node node, String path, ConfigProblems problems) {
        int line = node.getStartMark().getLine() + 1;
        int column = node.getStartMark().getColumn() + 1;
        if (node instanceof ScalarNode s) {
            if (Tag.NULL.equals(s.getTag())) {
                return ConfigNode.nullNode(source, line, column, path);
            }
            return ConfigNode.scalar(source, line, column, path, s.getValue());
        }
        if (node instanceof SequenceNode seq) {
            List<ConfigNode> elements = new ArrayList<>();
            List<Node> values = seq.getValue();
            for (int i = 0; i < values.size(); i++) {
                elements.add(convert(source, values.get(i), path + "[" + i + "]", problems));
            }
            return ConfigNode.sequence(source, line, column, path, elements);
        }
        MappingNode map = (MappingNode) node;
        LinkedHashMap<String, ConfigNode> entries = new LinkedHashMap<>();
        LinkedHashMap<String, Integer> keyLines = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = keyNode.getStartMark().getLine() + 1;
            int keyColumn = keyNode.getStartMark().getColumn() + 1;
            if (!(keyNode instanceof ScalarNode k) || Tag.NULL.equals(keyNode.getTag())) {
                problems.add(new ConfigProblem(source, keyLine, keyColumn, path, "a key must be plain text"));
                continue;
            }
            String key = k.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (entries.containsKey(key)) {
                problems.add(new ConfigProblem(source, keyLine, keyColumn, childPath,
                        "duplicate key (first on line " + keyLines.get(key) + ")"));
                continue;
            }
            keyLines.put(key, keyLine);
            entries.put(key, convert(source, tuple.getValueNode(), childPath, problems));
        }
        return ConfigNode.mapping(source, line, column, path, entries, keyLines);
    }
}
