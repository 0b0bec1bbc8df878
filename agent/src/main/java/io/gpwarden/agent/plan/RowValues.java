package io.gpwarden.agent.plan;

import io.gpwarden.agent.decode.Slots;

/**
 * Everything the columns of one row are computed from: the record's extracted values, its raw
 * key and value, its Kafka coordinates and its position in the batch. Filled by
 * {@link RowEncoder} for each record and read by its {@link ColumnWriter}s; reused for every
 * record (one per encoder, one encoder per decoding thread).
 */
final class RowValues {
    final Slots slots;
    byte[] key;
    byte[] value;
    int partition;
    long offset;
    long timestamp;
    int seq;
    /** Whether the session's TimeZone is UTC, for timestamps without offset (read once per row). */
    boolean sessionUtc;
    /** Set by a column whose binary form assumed {@link #sessionUtc}. */
    boolean reliedOnUtc;

    RowValues(Slots slots) {
        this.slots = slots;
    }
}
