package io.gpwarden.agent.plan;

import java.util.List;
import java.util.Optional;

/** The target table as the catalog describes it: columns in order, each with its formatted type. */
public record TargetTable(String schema, String name, List<Column> columns) {

    /** One column; {@code type} as {@code format_type(atttypid, atttypmod)} spells it. */
    public record Column(String name, String type) {
    }

    public TargetTable {
        columns = List.copyOf(columns);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
