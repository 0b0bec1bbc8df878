package io.gpwarden.agent.sql;

import io.gpwarden.agent.job.Identifiers;
import io.gpwarden.agent.job.Output;
import io.gpwarden.agent.plan.LoadPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL one job runs per batch, generated once from its {@link LoadPlan}. Valid on PostgreSQL
 * and on Greenplum 6 and 7, which have neither MERGE nor ON CONFLICT: MERGE is the latest row
 * per key (window over the staged rows, ORDER_COLUMNS then arrival order), then DELETE ... USING,
 * UPDATE ... FROM and INSERT ... WHERE NOT EXISTS, in that order. Identifiers are quoted;
 * values never appear in SQL (they travel in COPY data or bind parameters). Conditions and
 * non-trivial MAPPING expressions are the job author's SQL, run as GPSS runs them.
 */
public final class LoadStatements {
    public static final String STAGE = "gpwarden_stage";
    public static final String LATEST = "gpwarden_latest";
    private static final String DELETE_FLAG = "__gpw_delete";

    private final LoadPlan plan;
    private final String target;
    private final boolean greenplum;
    private final boolean matchIndexed;

    /**
     * @param matchIndexed whether the target has an index leading with the match columns; then
     *     each batch probes it instead of hashing the whole target, so a MERGE costs the same
     *     whether the table holds a thousand rows or a billion
     */
    public LoadStatements(LoadPlan plan, boolean greenplum, boolean matchIndexed) {
        this.plan = plan;
        Output o = plan.job().output();
        this.target = Identifiers.qualified(o.schema(), o.table());
        this.greenplum = greenplum;
        this.matchIndexed = matchIndexed;
    }

    private static String q(String id) {
        return Identifiers.quote(id);
    }

    private static String list(List<String> ids, String prefix) {
        return ids.stream().map(i -> prefix + q(i)).collect(Collectors.joining(", "));
    }

    /** COPY straight into the target (direct path), text format. */
    public String copyIntoTarget() {
        return copyIntoTarget(false);
    }

    /** COPY straight into the target (direct path), in binary or text format. */
    public String copyIntoTarget(boolean binary) {
        return "COPY " + target + " (" + list(plan.targetColumns(), "") + ") FROM STDIN" + (binary ? " WITH (FORMAT binary)" : "");
    }

    /** COPY of a batch's rows: into the target (direct path) or the staging table. */
    public String copyRows(boolean binary) {
        return plan.path() == LoadPlan.Path.DIRECT ? copyIntoTarget(binary) : copyIntoStage(binary);
    }

    /** Session setup for the staged path: the staging and latest-row tables (temporary, emptied at commit). */
    public List<String> createTemporaryTables() {
        if (plan.path() == LoadPlan.Path.DIRECT) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        String cols = plan.stageColumns().stream().map(c -> q(c.name()) + " " + c.type())
                .collect(Collectors.joining(", "));
        out.add("CREATE TEMPORARY TABLE " + q(STAGE) + " (" + (cols.isEmpty() ? "" : cols + ", ")
                + q(LoadPlan.SEQ) + " integer) ON COMMIT DELETE ROWS" + (greenplum ? " DISTRIBUTED RANDOMLY" : ""));
        if (plan.job().output().mode() != Output.LoadMode.INSERT) {
            out.add("CREATE TEMPORARY TABLE " + q(LATEST) + " ON COMMIT DELETE ROWS AS SELECT "
                    + list(plan.targetColumns(), "") + ", false AS " + q(DELETE_FLAG) + " FROM " + target
                    + " WITH NO DATA" + (greenplum ? " DISTRIBUTED BY (" + list(plan.job().output().matchColumns(), "") + ")" : ""));
        }
        return out;
    }

    public String copyIntoStage() {
        return copyIntoStage(false);
    }

    public String copyIntoStage(boolean binary) {
        List<String> cols = new ArrayList<>();
        plan.stageColumns().forEach(c -> cols.add(c.name()));
        cols.add(LoadPlan.SEQ);
        return "COPY " + q(STAGE) + " (" + list(cols, "") + ") FROM STDIN" + (binary ? " WITH (FORMAT binary)" : "");
    }

    /** Empties the temporary tables inside a transaction (between the pieces of a split batch). */
    public String truncateTemporaryTables() {
        return plan.job().output().mode() == Output.LoadMode.INSERT
                ? "TRUNCATE " + q(STAGE) : "TRUNCATE " + q(STAGE) + ", " + q(LATEST);
    }

    private String values() {
        return plan.targetColumns().stream().map(c -> plan.valueSql().get(c) + " AS " + q(c))
                .collect(Collectors.joining(", "));
    }

    private String where() {
        return plan.job().filter().map(f -> " WHERE (" + f + ")").orElse("");
    }

    /**
     * MERGE, for a batch without repeated keys whose values the agent computed: every staged row
     * inserted as it is. Exact only when none of its keys is in the target yet; a unique index on
     * the match columns makes it fail otherwise (then the batch takes {@link #applyStaged(boolean)}).
     */
    public String insertFromStage() {
        return "INSERT INTO " + target + " (" + list(plan.targetColumns(), "") + ") SELECT "
                + list(plan.targetColumns(), "s.") + " FROM " + q(STAGE) + " s";
    }

    /** The statements that move staged rows into the target, in order. */
    public List<String> applyStaged() {
        return applyStaged(true);
    }

    /**
     * Like {@link #applyStaged()}; when the batch is known to hold no repeated key (and the plan
     * allows it), MERGE and UPDATE read the staging table directly: with one row per key the
     * latest-row step changes nothing.
     */
    public List<String> applyStaged(boolean mayRepeatKeys) {
        Output o = plan.job().output();
        List<String> out = new ArrayList<>();
        if (!mayRepeatKeys && o.mode() != Output.LoadMode.INSERT && plan.appliesFromStage()) {
            if (matchIndexed) {
                out.add("SET LOCAL enable_hashjoin = off");
                out.add("SET LOCAL enable_mergejoin = off");
            }
            String match = o.matchColumns().stream().map(c -> "t." + q(c) + " = s." + q(c))
                    .collect(Collectors.joining(" AND "));
            List<String> update = o.updateColumns().isEmpty()
                    ? plan.targetColumns().stream().filter(c -> !o.matchColumns().contains(c)).toList()
                    : o.updateColumns();
            if (!update.isEmpty()) {
                out.add("UPDATE " + target + " t SET " + update.stream().map(c -> q(c) + " = s." + q(c))
                        .collect(Collectors.joining(", ")) + " FROM " + q(STAGE) + " s WHERE " + match
                        + o.updateCondition().map(c -> " AND (" + c + ")").orElse(""));
            }
            if (o.mode() == Output.LoadMode.MERGE) {
                out.add("INSERT INTO " + target + " (" + list(plan.targetColumns(), "") + ") SELECT "
                        + list(plan.targetColumns(), "s.") + " FROM " + q(STAGE) + " s WHERE NOT EXISTS (SELECT 1 FROM "
                        + target + " t WHERE " + match + ")");
            }
            return out;
        }
        if (o.mode() == Output.LoadMode.INSERT) {
            out.add("INSERT INTO " + target + " (" + list(plan.targetColumns(), "") + ") SELECT "
                    + plan.targetColumns().stream().map(c -> plan.valueSql().get(c)).collect(Collectors.joining(", "))
                    + " FROM " + q(STAGE) + where());
            return out;
        }
        if (matchIndexed) {
            // Transaction-local: the statements below join a batch-sized table to the target on
            // an indexed key; index probes beat a hash of the whole target however large it is.
            out.add("SET LOCAL enable_hashjoin = off");
            out.add("SET LOCAL enable_mergejoin = off");
        }
        String deleteFlag = o.mode() == Output.LoadMode.MERGE && o.deleteCondition().isPresent()
                ? "coalesce((" + o.deleteCondition().get() + "), false)" : "false";
        String order = o.orderColumns().stream().map(c -> "v." + q(c) + " DESC NULLS LAST")
                .collect(Collectors.joining(", "));
        out.add("INSERT INTO " + q(LATEST) + " (" + list(plan.targetColumns(), "") + ", " + q(DELETE_FLAG) + ")"
                + " SELECT " + list(plan.targetColumns(), "r.") + ", r." + q(DELETE_FLAG)
                + " FROM (SELECT v.*, row_number() OVER (PARTITION BY " + list(o.matchColumns(), "v.")
                + " ORDER BY " + (order.isEmpty() ? "" : order + ", ") + "v." + q(LoadPlan.SEQ) + " DESC) AS __gpw_rn"
                + " FROM (SELECT " + values() + ", " + deleteFlag + " AS " + q(DELETE_FLAG) + ", " + q(LoadPlan.SEQ)
                + " FROM " + q(STAGE) + where() + ") v) r WHERE r.__gpw_rn = 1");
        String match = o.matchColumns().stream().map(c -> "t." + q(c) + " = s." + q(c))
                .collect(Collectors.joining(" AND "));
        if (o.mode() == Output.LoadMode.MERGE && o.deleteCondition().isPresent()) {
            out.add("DELETE FROM " + target + " t USING " + q(LATEST) + " s WHERE s." + q(DELETE_FLAG) + " AND " + match);
        }
        List<String> update = o.updateColumns().isEmpty()
                ? plan.targetColumns().stream().filter(c -> !o.matchColumns().contains(c)).toList()
                : o.updateColumns();
        if (!update.isEmpty()) {
            out.add("UPDATE " + target + " t SET " + update.stream().map(c -> q(c) + " = s." + q(c))
                    .collect(Collectors.joining(", "))
                    + " FROM " + q(LATEST) + " s WHERE NOT s." + q(DELETE_FLAG) + " AND " + match
                    + o.updateCondition().map(c -> " AND (" + c + ")").orElse(""));
        }
        if (o.mode() == Output.LoadMode.MERGE) {
            out.add("INSERT INTO " + target + " (" + list(plan.targetColumns(), "") + ") SELECT "
                    + list(plan.targetColumns(), "s.") + " FROM " + q(LATEST) + " s WHERE NOT s." + q(DELETE_FLAG)
                    + " AND NOT EXISTS (SELECT 1 FROM " + target + " t WHERE " + match + ")");
        }
        return out;
    }
}
