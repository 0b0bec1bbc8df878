package io.gpwarden.agent.plan;

import io.gpwarden.agent.copy.BinaryForm;
import io.gpwarden.agent.copy.TypeCheck;
import io.gpwarden.agent.decode.JsonPath;
import io.gpwarden.agent.job.Identifiers;
import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.job.Output;
import io.gpwarden.agent.job.RecordFormat;
import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, once per job, how records become rows: which target values the agent computes itself
 * and which the database computes from staged source columns, and the exact column layout the
 * encoder writes. Pure: built from the job and the target table's catalog description.
 *
 * <p>{@link Path#DIRECT}: INSERT mode, no FILTER and every value computed by the agent; rows are
 * COPYed straight into the target. {@link Path#STAGED}: rows are COPYed into a temporary table
 * holding the agent-computed target values, the source columns the database-side SQL mentions,
 * and the row's position in the batch; SQL then moves them into the target.
 */
public final class LoadPlan {
    /** The two ways rows reach the target. */
    public enum Path { DIRECT, STAGED }

    /** A source column (from the key, the value or META) and where its value lives. */
    public record SourceColumn(String name, String type, Side side, int field) {
        /** Which part of the record a source column comes from. */
        public enum Side { KEY, VALUE, META }
    }

    /** A column of the staging table. */
    public record StageColumn(String name, String type) {
    }

    private static final Pattern WORD = Pattern.compile("\"([^\"]+)\"|'(?:[^']|'')*'|([A-Za-z_][A-Za-z0-9_$]*)");
    public static final String SEQ = "__gpw_seq";

    private final Path path;
    private final List<String> targetColumns;
    private final Map<String, String> valueSql;
    private final List<StageColumn> stageColumns;
    private final List<OutputColumn> outputs;
    private final int slotCount;
    private final List<JsonPath> keyPaths = new ArrayList<>();
    private final List<Integer> keySlots = new ArrayList<>();
    private final List<JsonPath> valuePaths = new ArrayList<>();
    private final List<Integer> valueSlots = new ArrayList<>();
    private final int keyFieldSlot;
    private final int valueFieldSlot;
    private final JobSpec job;
    private final boolean binaryCopy;

    private LoadPlan(JobSpec job, TargetTable table, boolean evaluateInAgent, boolean binaryAllowed) {
        this.job = job;
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, SourceColumn> sources = sourceColumns(job);
        int slots = 0;
        keyFieldSlot = slots;
        if (job.key().isPresent() && delimited(job.key().get())) {
            slots += job.key().get().columns().size();
        }
        valueFieldSlot = slots;
        if (delimited(job.value())) {
            slots += job.value().columns().size();
        }

        Map<String, String> mapping = new LinkedHashMap<>(job.output().mapping());
        if (mapping.isEmpty()) {
            for (SourceColumn s : sources.values()) {
                if (s.side() != SourceColumn.Side.META) {
                    mapping.put(s.name(), s.name());
                }
            }
        }
        targetColumns = List.copyOf(mapping.keySet());
        Map<String, String> targetTypes = new LinkedHashMap<>();
        for (String c : targetColumns) {
            Optional<TargetTable.Column> col = table.column(c);
            if (col.isEmpty()) {
                problems.add(problem(job, "column " + c + " does not exist in table " + table.schema() + "." + table.name()
                        + (job.output().mapping().isEmpty() ? " (without MAPPING, source columns load into target columns of the same name)" : "")));
            } else {
                targetTypes.put(c, col.get().type());
            }
        }
        for (String m : job.output().matchColumns()) {
            if (!targetColumns.contains(m)) {
                problems.add(problem(job, "MATCH_COLUMNS names " + m + ", which is not a loaded column"));
            }
        }
        for (String m : job.output().orderColumns()) {
            if (!targetColumns.contains(m)) {
                problems.add(problem(job, "ORDER_COLUMNS names " + m + ", which is not a loaded column"));
            }
        }
        for (String m : job.output().updateColumns()) {
            if (!targetColumns.contains(m)) {
                problems.add(problem(job, "UPDATE_COLUMNS names " + m + ", which is not a loaded column"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }

        // First pass: which target values can the agent compute?
        Map<String, MappingExpression> exprs = new LinkedHashMap<>();
        Map<String, OutputColumn> agentValues = new LinkedHashMap<>();
        Map<String, Integer> pathSlots = new LinkedHashMap<>();
        for (String c : targetColumns) {
            MappingExpression e = MappingExpression.parse(mapping.get(c));
            exprs.put(c, e);
            String textTypeProblem = textIntoTypedColumn(e, sources, targetTypes.get(c));
            if (textTypeProblem != null) {
                problems.add(problem(job, "MAPPING " + c + ": " + textTypeProblem));
                continue;
            }
            OutputColumn out = evaluateInAgent ? agentValue(e, sources, targetTypes.get(c), pathSlots, slots) : null;
            if (out != null) {
                agentValues.put(c, out);
                if (out instanceof OutputColumn.SlotValue sv && sv.slot() >= slots) {
                    slots = sv.slot() + 1;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        boolean direct = job.output().mode() == Output.LoadMode.INSERT && job.filter().isEmpty()
                && agentValues.size() == targetColumns.size();
        List<OutputColumn> outs = new ArrayList<>();
        List<StageColumn> stage = new ArrayList<>();
        Map<String, String> sql = new LinkedHashMap<>();
        if (direct) {
            for (String c : targetColumns) {
                outs.add(agentValues.get(c));
                sql.put(c, Identifiers.quote(c));
            }
            path = Path.DIRECT;
        } else {
            // Source columns the database-side SQL mentions must be staged; a target value whose
            // stage column would clash with such a source column is left to the database.
            Set<String> needed = new LinkedHashSet<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                List<String> texts = new ArrayList<>();
                for (String c : targetColumns) {
                    if (!agentValues.containsKey(c)) {
                        texts.add(mapping.get(c));
                    }
                }
                job.filter().ifPresent(texts::add);
                job.output().deleteCondition().ifPresent(texts::add);
                for (String t : texts) {
                    for (String w : words(t)) {
                        if (sources.containsKey(w)) {
                            needed.add(w);
                        }
                    }
                }
                for (String n : needed) {
                    OutputColumn clash = agentValues.get(sources.get(n).name());
                    if (clash != null && !sameValue(mapping.get(sources.get(n).name()), n)) {
                        agentValues.remove(sources.get(n).name());
                        changed = true;
                    }
                }
            }
            for (String c : targetColumns) {
                OutputColumn v = agentValues.get(c);
                if (v != null) {
                    outs.add(v);
                    stage.add(new StageColumn(c, targetTypes.get(c)));
                    sql.put(c, Identifiers.quote(c));
                } else {
                    sql.put(c, "(" + mapping.get(c) + ")");
                }
            }
            for (String n : needed) {
                SourceColumn s = sources.get(n);
                if (stage.stream().anyMatch(st -> st.name().equals(s.name()))) {
                    continue;
                }
                stage.add(new StageColumn(s.name(), s.type()));
                outs.add(sourceOutput(s));
            }
            outs.add(new OutputColumn.Sequence());
            path = Path.STAGED;
        }
        for (Map.Entry<String, Integer> e : pathSlots.entrySet()) {
            boolean key = e.getKey().startsWith("K");
            JsonPath p = decodePathKey(e.getKey());
            (key ? keyPaths : valuePaths).add(p);
            (key ? keySlots : valueSlots).add(e.getValue());
        }
        this.valueSql = sql;
        this.stageColumns = List.copyOf(stage);
        List<String> copyTypes = new ArrayList<>();
        if (direct) {
            targetColumns.forEach(c -> copyTypes.add(targetTypes.get(c)));
        } else {
            stage.forEach(c -> copyTypes.add(c.type()));
            copyTypes.add("integer");
        }
        boolean allBinary = true;
        for (int i = 0; i < outs.size(); i++) {
            OutputColumn o = withForm(outs.get(i), copyTypes.get(i));
            outs.set(i, o);
            allBinary &= o.form() != null;
        }
        this.outputs = List.copyOf(outs);
        this.slotCount = slots;
        this.binaryCopy = binaryAllowed && allBinary;
    }

    /** The output with the binary form of the COPY column of {@code type} it is written to (null if none fits). */
    private static OutputColumn withForm(OutputColumn o, String type) {
        BinaryForm f = BinaryForm.of(type).orElse(null);
        if (o instanceof OutputColumn.SlotValue sv) {
            // Extracted text into bytea would be read as bytea input syntax, not as raw bytes.
            return new OutputColumn.SlotValue(sv.slot(), sv.check(), f == BinaryForm.BYTEA ? null : f);
        }
        if (o instanceof OutputColumn.WholeRecord w) {
            return new OutputColumn.WholeRecord(w.key(), w.kind(), f);
        }
        if (o instanceof OutputColumn.Meta) {
            return new OutputColumn.Meta(f == BinaryForm.JSON || f == BinaryForm.JSONB || f == BinaryForm.TEXT ? f : null);
        }
        return o;
    }

    /** Builds the plan; a mapping that cannot work is a {@link ConfigException} naming the column. */
    public static LoadPlan of(JobSpec job, TargetTable table) {
        return new LoadPlan(job, table, true, true);
    }

    /** Like {@link #of(JobSpec, TargetTable)}; with {@code evaluateInAgent} false every value is left to the database. */
    public static LoadPlan of(JobSpec job, TargetTable table, boolean evaluateInAgent) {
        return new LoadPlan(job, table, evaluateInAgent, true);
    }

    /**
     * Like {@link #of(JobSpec, TargetTable, boolean)}; with {@code binaryAllowed} false the rows
     * are always written in COPY text format (a diagnostic and benchmark switch).
     */
    public static LoadPlan of(JobSpec job, TargetTable table, boolean evaluateInAgent, boolean binaryAllowed) {
        return new LoadPlan(job, table, evaluateInAgent, binaryAllowed);
    }

    /**
     * Whether rows are written in COPY binary format: every COPY column has a type the agent
     * writes in binary ({@link BinaryForm}). A value whose text the agent cannot convert
     * exactly still goes as text, in a second COPY of the same batch.
     */
    public boolean binaryCopy() {
        return binaryCopy;
    }

    private static boolean sameValue(String mappingText, String sourceName) {
        MappingExpression e = MappingExpression.parse(mappingText);
        return e instanceof MappingExpression.ColumnRef c && c.cast().isEmpty() && c.column().equals(sourceName);
    }

    private static ConfigProblem problem(JobSpec job, String message) {
        return new ConfigProblem(job.source(), 0, 0, "", message);
    }

    static boolean delimited(RecordFormat f) {
        return f.kind() == RecordFormat.Kind.CSV || f.kind() == RecordFormat.Kind.DELIMITED;
    }

    private static Map<String, SourceColumn> sourceColumns(JobSpec job) {
        Map<String, SourceColumn> out = new LinkedHashMap<>();
        job.key().ifPresent(k -> add(out, k, SourceColumn.Side.KEY));
        add(out, job.value(), SourceColumn.Side.VALUE);
        job.metaColumn().ifPresent(m -> out.put(m.toLowerCase(Locale.ROOT), new SourceColumn(m, "json", SourceColumn.Side.META, 0)));
        return out;
    }

    private static void add(Map<String, SourceColumn> out, RecordFormat f, SourceColumn.Side side) {
        for (int i = 0; i < f.columns().size(); i++) {
            RecordFormat.SourceColumn c = f.columns().get(i);
            if (!c.ignored()) {
                out.put(c.name().toLowerCase(Locale.ROOT), new SourceColumn(c.name(), c.type(), side, i));
            }
        }
    }

    /** GPSS would fail {@code j->>'f'} into an integer column (text is not assignable); say so up front. */
    private static String textIntoTypedColumn(MappingExpression e, Map<String, SourceColumn> sources, String targetType) {
        if (e instanceof MappingExpression.JsonField f && f.cast().isEmpty() && f.asText()
                && sources.containsKey(f.column()) && !SqlTypes.acceptsText(targetType)
                && !targetType.startsWith("character")) {
            String path = f.column() + f.fields().stream().map(x -> "->'" + x + "'").reduce("", String::concat);
            path = path.substring(0, path.lastIndexOf("->")) + "->>" + path.substring(path.lastIndexOf("->") + 2);
            return path + " is text but the column is " + targetType + "; write (" + path + ")::" + targetType;
        }
        return null;
    }

    private OutputColumn agentValue(MappingExpression e, Map<String, SourceColumn> sources, String targetType,
                                    Map<String, Integer> pathSlots, int nextSlot) {
        if (e instanceof MappingExpression.ColumnRef c) {
            SourceColumn s = sources.get(c.column());
            if (s == null || s.side() == SourceColumn.Side.META) {
                return null;
            }
            RecordFormat f = s.side() == SourceColumn.Side.KEY ? job.key().orElseThrow() : job.value();
            String valueType = c.cast().orElse(s.type());
            if (delimited(f)) {
                if (!assignable(valueType, targetType, true)) {
                    return null;
                }
                int slot = (s.side() == SourceColumn.Side.KEY ? keyFieldSlot : valueFieldSlot) + s.field();
                return new OutputColumn.SlotValue(slot, TypeCheck.forType(valueType));
            }
            if (c.cast().isPresent() || !SqlTypes.canonical(s.type()).equals(SqlTypes.canonical(targetType))) {
                return null;
            }
            return new OutputColumn.WholeRecord(s.side() == SourceColumn.Side.KEY, wholeKind(targetType));
        }
        if (e instanceof MappingExpression.JsonField j) {
            SourceColumn s = sources.get(j.column());
            if (s == null || s.side() == SourceColumn.Side.META
                    || (s.side() == SourceColumn.Side.KEY ? job.key().orElseThrow() : job.value()).kind() != RecordFormat.Kind.JSON
                    || !SqlTypes.canonical(s.type()).equals("json")) {
                return null;
            }
            String resultType = j.cast().orElse(j.asText() ? "text" : "json");
            boolean textual = SqlTypes.canonical(resultType).equals("text") || SqlTypes.canonical(resultType).equals("json");
            if (!assignable(resultType, targetType, textual)) {
                return null;
            }
            String key = (s.side() == SourceColumn.Side.KEY ? "K" : "V") + (j.asText() ? "T" : "J") + String.join("\u0001", j.fields());
            Integer slot = pathSlots.get(key);
            if (slot == null) {
                slot = Math.max(nextSlot, pathSlots.values().stream().mapToInt(i -> i + 1).max().orElse(nextSlot));
                pathSlots.put(key, slot);
            }
            return new OutputColumn.SlotValue(slot, TypeCheck.forType(resultType));
        }
        return null;
    }

    private static JsonPath decodePathKey(String key) {
        return new JsonPath(List.of(key.substring(2).split("\u0001", -1)), key.charAt(1) == 'T');
    }

    /** Whether a value of {@code valueType} lands in {@code targetType} unchanged (same text). */
    private static boolean assignable(String valueType, String targetType, boolean textForm) {
        String v = SqlTypes.canonical(valueType);
        String t = SqlTypes.canonical(targetType);
        if (v.equals(t)) {
            return true;
        }
        return textForm && (t.equals("text") || t.equals("character varying")) && (v.equals("text") || v.equals("json")
                || v.equals("character varying"));
    }

    private static OutputColumn.WholeRecord.Kind wholeKind(String type) {
        return switch (SqlTypes.canonical(type)) {
            case "jsonb" -> OutputColumn.WholeRecord.Kind.JSONB;
            case "bytea" -> OutputColumn.WholeRecord.Kind.BYTEA;
            default -> OutputColumn.WholeRecord.Kind.JSON;
        };
    }

    private OutputColumn sourceOutput(SourceColumn s) {
        if (s.side() == SourceColumn.Side.META) {
            return new OutputColumn.Meta();
        }
        RecordFormat f = s.side() == SourceColumn.Side.KEY ? job.key().orElseThrow() : job.value();
        if (delimited(f)) {
            int slot = (s.side() == SourceColumn.Side.KEY ? keyFieldSlot : valueFieldSlot) + s.field();
            return new OutputColumn.SlotValue(slot, TypeCheck.forType(s.type()));
        }
        return new OutputColumn.WholeRecord(s.side() == SourceColumn.Side.KEY, wholeKind(s.type()));
    }

    /** Identifiers mentioned in a SQL text (outside string literals), lower-cased unless quoted. */
    static Set<String> words(String sql) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = WORD.matcher(sql);
        while (m.find()) {
            if (m.group(1) != null) {
                out.add(m.group(1).toLowerCase(Locale.ROOT));
            } else if (m.group(2) != null) {
                out.add(m.group(2).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    public Path path() {
        return path;
    }

    public JobSpec job() {
        return job;
    }

    /** Target columns written, in order. */
    public List<String> targetColumns() {
        return targetColumns;
    }

    /** For the staged path: the SQL giving each target column's value from the staging table. */
    public Map<String, String> valueSql() {
        return valueSql;
    }

    public List<StageColumn> stageColumns() {
        return stageColumns;
    }

    public List<OutputColumn> outputs() {
        return outputs;
    }

    public int slotCount() {
        return slotCount;
    }

    public List<JsonPath> valuePaths() {
        return valuePaths;
    }

    public List<Integer> valueSlots() {
        return valueSlots;
    }

    public List<JsonPath> keyPaths() {
        return keyPaths;
    }

    public List<Integer> keySlots() {
        return keySlots;
    }

    public int keyFieldSlot() {
        return keyFieldSlot;
    }

    public int valueFieldSlot() {
        return valueFieldSlot;
    }

    /**
     * For MERGE and UPDATE: the slots and checks of the match columns when the agent can tell
     * whether two rows have the same key exactly as SQL equality would (every match column an
     * integer, compared by value, or text, compared by its characters); null otherwise.
     */
    public OutputColumn.SlotValue[] keyColumns() {
        if (job.output().mode() == io.gpwarden.agent.job.Output.LoadMode.INSERT || path == Path.DIRECT) {
            return null;
        }
        List<OutputColumn.SlotValue> out = new ArrayList<>();
        for (String m : job.output().matchColumns()) {
            int i = targetColumns.indexOf(m);
            if (!valueSql.get(m).equals(Identifiers.quote(m)) || !(outputs.get(stageIndex(m)) instanceof OutputColumn.SlotValue sv)) {
                return null;
            }
            TypeCheck c = sv.check();
            if (c != TypeCheck.INT2 && c != TypeCheck.INT4 && c != TypeCheck.INT8 && c != TypeCheck.TEXT || i < 0) {
                return null;
            }
            out.add(sv);
        }
        return out.toArray(new OutputColumn.SlotValue[0]);
    }

    private int stageIndex(String column) {
        for (int i = 0; i < stageColumns.size(); i++) {
            if (stageColumns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a batch without repeated keys may be applied straight from the staging table: every
     * target value computed by the agent, no FILTER, no DELETE_CONDITION.
     */
    public boolean appliesFromStage() {
        return path == Path.STAGED && job.filter().isEmpty() && job.output().deleteCondition().isEmpty()
                && agentComputedTargets() == targetColumns.size();
    }

    /** How many target values the agent computes (the rest are computed by the database). */
    public long agentComputedTargets() {
        return targetColumns.stream().filter(c -> valueSql.get(c).equals(Identifiers.quote(c))).count();
    }
}
