package io.gpwarden.agent.job;

import java.util.List;
import java.util.Set;

/**
 * How one side of a Kafka record (key or value) turns into source columns.
 *
 * <ul>
 *   <li>{@code JSON}: the whole record is one column of type json or jsonb;</li>
 *   <li>{@code CSV}: RFC 4180 fields with {@code quote}/{@code escape}; {@code nullString} is SQL NULL;</li>
 *   <li>{@code DELIMITED}: fields split on {@code delimiter}, with optional quote and escape;</li>
 *   <li>{@code BINARY}: the whole record is one bytea column.</li>
 * </ul>
 * Columns named {@code __IGNORED__} are parsed and dropped, as in GPSS.
 */
public record RecordFormat(
        Kind kind,
        List<SourceColumn> columns,
        char delimiter,
        char quote,
        char escape,
        String nullString,
        Set<String> forceNotNull,
        boolean fillMissingFields) {

    /** The formats gpwarden decodes. */
    public enum Kind { JSON, CSV, DELIMITED, BINARY }

    /** The name GPSS uses for a field that is read but not loaded. */
    public static final String IGNORED = "__IGNORED__";

    /** No quoting character (delimited format without QUOTE). */
    public static final char NONE = '\0';

    /** One source column: its name and the Greenplum type it is declared with. */
    public record SourceColumn(String name, String type) {
        public boolean ignored() {
            return IGNORED.equals(name);
        }
    }

    public static RecordFormat json(String column, String type) {
        return new RecordFormat(Kind.JSON, List.of(new SourceColumn(column, type)), ',', '"', '"', "", Set.of(), false);
    }
}
