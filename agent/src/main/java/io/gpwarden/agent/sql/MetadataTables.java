package io.gpwarden.agent.sql;

import io.gpwarden.agent.job.Identifiers;
import java.util.List;

/**
 * The agent's own tables in the job's metadata schema (METADATA.SCHEMA / work_schema), created
 * if missing:
 *
 * <pre>
 * gpwarden_offsets (job, topic, kafka_partition) → next_offset, epoch, updated_at
 * gpwarden_errors  job, topic, kafka_partition, kafka_offset, record_key, record_value, error, rejected_at
 * </pre>
 * The offsets row is advanced only by a compare-and-set on the expected next offset and on the
 * epoch, in the same transaction as the rows it accounts for.
 */
public final class MetadataTables {
    public static final String OFFSETS = "gpwarden_offsets";
    public static final String ERRORS = "gpwarden_errors";

    private final String offsets;
    private final String errors;
    private final String schema;
    private final boolean greenplum;

    public MetadataTables(String schema, boolean greenplum) {
        this.schema = schema;
        this.offsets = Identifiers.qualified(schema, OFFSETS);
        this.errors = Identifiers.qualified(schema, ERRORS);
        this.greenplum = greenplum;
    }

    public String schema() {
        return schema;
    }

    public String errorsTable() {
        return schema + "." + ERRORS;
    }

    public List<String> createIfMissing() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + offsets + " (job text NOT NULL, topic text NOT NULL, "
                        + "kafka_partition integer NOT NULL, next_offset bigint NOT NULL, epoch bigint NOT NULL DEFAULT 0, "
                        + "updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (job, topic, kafka_partition))"
                        + (greenplum ? " DISTRIBUTED BY (job, topic, kafka_partition)" : ""),
                "CREATE TABLE IF NOT EXISTS " + errors + " (job text NOT NULL, topic text NOT NULL, "
                        + "kafka_partition integer NOT NULL, kafka_offset bigint NOT NULL, record_key bytea, "
                        + "record_value bytea, error text NOT NULL, rejected_at timestamptz NOT NULL DEFAULT now())"
                        + (greenplum ? " DISTRIBUTED BY (job, topic, kafka_partition, kafka_offset)" : ""));
    }

    /** Index on the error table's natural key, created when {@code to_regclass} does not find it (GP6 lacks IF NOT EXISTS here). */
    public String errorIndexName() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(ERRORS + "_record");
    }

    public String createErrorIndex() {
        return "CREATE INDEX " + Identifiers.quote(ERRORS + "_record") + " ON " + errors
                + " (job, topic, kafka_partition, kafka_offset)";
    }

    public String readOffsets() {
        return "SELECT kafka_partition, next_offset, epoch FROM " + offsets + " WHERE job = ? AND topic = ?";
    }

    /** Creates a partition's row if absent: job, topic, partition, next, epoch, then job, topic, partition. */
    public String insertOffsetIfAbsent() {
        return "INSERT INTO " + offsets + " (job, topic, kafka_partition, next_offset, epoch) SELECT ?, ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + offsets + " WHERE job = ? AND topic = ? AND kafka_partition = ?)";
    }

    /** The compare-and-set: next, epoch, then job, topic, partition, expected next, epoch. */
    public String advanceOffset() {
        return "UPDATE " + offsets + " SET next_offset = ?, epoch = ?, updated_at = now() "
                + "WHERE job = ? AND topic = ? AND kafka_partition = ? AND next_offset = ? AND epoch <= ?";
    }

    /** An operator's reset (--force-reset-*): next, epoch, then job, topic, partition, epoch. */
    public String resetOffset() {
        return "UPDATE " + offsets + " SET next_offset = ?, epoch = ?, updated_at = now() "
                + "WHERE job = ? AND topic = ? AND kafka_partition = ? AND epoch <= ?";
    }

    /** One rejected record, written once however often its batch is retried. */
    public String insertError() {
        return "INSERT INTO " + errors + " (job, topic, kafka_partition, kafka_offset, record_key, record_value, error) "
                + "SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + errors
                + " WHERE job = ? AND topic = ? AND kafka_partition = ? AND kafka_offset = ?)";
    }
}
