package io.gpwarden.agent.job;

import java.util.Optional;

/**
 * One load job, as read from a GPSS job file (version 2 or 3): where the records come from, how
 * they are decoded, where and how they are written. Immutable; built only from a file that was
 * validated as a whole, so every field holds a usable value.
 *
 * @param source the file the job was read from (for messages)
 * @param name the job's identity in the offsets table; defaults to "schema.table" of the target,
 *     the way GPSS keys its offset history by target table
 * @param key how record keys are decoded, if the job reads them
 * @param value how record values are decoded
 * @param metaColumn name of a json source column carrying topic, partition, offset and timestamp
 * @param filter a SQL predicate over source columns; rows it rejects are skipped, not errors
 * @param metadataSchema schema of the offsets and error tables (METADATA.SCHEMA / work_schema)
 * @param postBatch SQL run inside every n-th batch transaction (TASK.POST_BATCH_SQL / window_statement)
 */
public record JobSpec(
        String source,
        String name,
        DatabaseTarget database,
        KafkaSource kafka,
        Optional<RecordFormat> key,
        RecordFormat value,
        Optional<String> metaColumn,
        ErrorLimit errorLimit,
        Optional<String> filter,
        Output output,
        String metadataSchema,
        CommitPolicy commit,
        Optional<PostBatchSql> postBatch,
        Schedule schedule) {

    /** SQL run in the same transaction as every {@code everyBatches}-th batch. */
    public record PostBatchSql(String sql, int everyBatches) {
    }

    /** The job with another identity (the CLI's --name). */
    public JobSpec withName(String newName) {
        return new JobSpec(source, newName, database, kafka, key, value, metaColumn, errorLimit, filter, output,
                metadataSchema, commit, postBatch, schedule);
    }
}
