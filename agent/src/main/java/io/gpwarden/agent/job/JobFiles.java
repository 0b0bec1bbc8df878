package io.gpwarden.agent.job;

import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigNode;
import io.gpwarden.config.ConfigProblem;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.YamlDocuments;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads GPSS load configuration files as they are. A file with {@code version: v3} is read as
 * version 3, anything else as version 1/2. Every problem in the file is reported at once
 * ({@link ConfigException}, exit 2), each with its line and key path.
 */
public final class JobFiles {
    private JobFiles() {
    }

    public static JobSpec load(Path file) {
        return read(YamlDocuments.load(file));
    }

    public static JobSpec parse(String source, String text) {
        return read(YamlDocuments.parse(source, text));
    }

    private static JobSpec read(ConfigNode root) {
        if (!root.isMapping()) {
            throw new ConfigException(new ConfigProblem(root.source(), root.line(), root.column(), "",
                    "expected a GPSS job file (a mapping with DATABASE, KAFKA, ... or version: v3)"));
        }
        ConfigProblems problems = new ConfigProblems();
        Optional<ConfigNode> version = root.entries().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("version"))
                .map(java.util.Map.Entry::getValue)
                .findFirst();
        boolean v3 = version.filter(ConfigNode::isScalar)
                .map(n -> n.text().trim().toLowerCase(Locale.ROOT))
                .filter(t -> t.equals("v3") || t.equals("3"))
                .isPresent();
        return v3 ? JobFileV3.read(root, problems) : JobFileV2.read(root, problems);
    }
}
