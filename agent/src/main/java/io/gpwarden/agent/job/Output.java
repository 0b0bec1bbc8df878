package io.gpwarden.agent.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The target table and how rows land in it. {@code mapping} is target column → SQL expression
 * over source columns, in file order; empty means "source columns go to target columns of the
 * same name". Conditions are SQL text evaluated by the database; in UPDATE_CONDITION the
 * current target row is {@code t} and the incoming row {@code s}.
 */
public record Output(
        String schema,
        String table,
        LoadMode mode,
        List<String> matchColumns,
        List<String> orderColumns,
        List<String> updateColumns,
        Optional<String> updateCondition,
        Optional<String> deleteCondition,
        Map<String, String> mapping) {

    /** GPSS load modes. */
    public enum LoadMode { INSERT, MERGE, UPDATE }
}
