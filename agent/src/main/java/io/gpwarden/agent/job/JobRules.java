package io.gpwarden.agent.job;

import io.gpwarden.config.MappingReader;
import java.util.List;
import java.util.Optional;

/** Cross-key rules of the OUTPUT block that hold for both file versions. */
final class JobRules {
    private JobRules() {
    }

    static void checkMode(MappingReader out, Output.LoadMode mode, List<String> match, List<String> order,
                          List<String> update, Optional<String> updateCondition, Optional<String> deleteCondition) {
        if (mode == Output.LoadMode.INSERT) {
            for (String key : List.of("MATCH_COLUMNS", "ORDER_COLUMNS", "UPDATE_COLUMNS", "UPDATE_CONDITION",
                    "DELETE_CONDITION")) {
                out.raw(key).ifPresent(n -> out.problems().add(n, "only used in MERGE and UPDATE modes; this job's mode is INSERT"));
            }
            return;
        }
        if (match.isEmpty()) {
            out.problems().add(out.raw("MODE").orElse(out.node()),
                    mode + " mode needs MATCH_COLUMNS (the key that finds the row to change)");
        }
        if (mode == Output.LoadMode.UPDATE) {
            out.raw("DELETE_CONDITION").ifPresent(n -> out.problems().add(n, "only used in MERGE mode"));
        }
        for (String u : update) {
            if (match.contains(u)) {
                out.problems().add(out.raw("UPDATE_COLUMNS").orElseThrow(),
                        "column " + u + " is a match column; it cannot be updated");
            }
        }
    }
}
