package io.gpwarden.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while a whole document is validated, so the user sees all of them at once
 * (the way Patroni's validator reports every problem rather than stopping at the first).
 * Not thread-safe: one collector per validation.
 */
public final class ConfigProblems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** Records a problem located at {@code node}. */
    public void add(ConfigNode node, String message) {
        problems.add(new ConfigProblem(node.source(), node.line(), node.column(), node.path(), message));
    }

    /** Records a problem with an explicit location (for problems found outside the YAML tree). */
    public void add(ConfigProblem problem) {
        problems.add(problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<ConfigProblem> list() {
        return List.copyOf(problems);
    }

    /** Throws a {@link ConfigException} listing every problem recorded, if any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
