package io.gpwarden.layout.check;

import io.gpwarden.layout.plan.Strategy;

import java.util.List;

/**
 * What a check computes beyond the invariants: the all-pairs what-if (O(H²·P), on by default),
 * a specific set of failed hosts, and an expected strategy (null for none) to compare against.
 */
public record CheckOptions(boolean pairs, List<String> failHosts, Strategy expect, int expectBlockSize) {
    public static final CheckOptions DEFAULT = new CheckOptions(true, List.of(), null, 0);

    public CheckOptions {
        failHosts = List.copyOf(failHosts);
    }
}
