package io.gpwarden.agent.plan;

import io.gpwarden.agent.copy.CopyBinaryBuffer;
import io.gpwarden.agent.copy.CopyBuffer;
import io.gpwarden.agent.copy.CopyTextBuffer;
import io.gpwarden.agent.copy.SessionTimeZone;
import io.gpwarden.agent.copy.TypeCheck;
import io.gpwarden.agent.decode.DelimitedFields;
import io.gpwarden.agent.decode.JsonExtractor;
import io.gpwarden.agent.decode.Slots;
import io.gpwarden.agent.job.RecordFormat;

/**
 * The hot path: turns one Kafka record into one COPY row, following a {@link LoadPlan}.
 * Decoding goes into reusable {@link Slots} (references into the record where possible) and
 * straight into the batch's buffer; no per-row objects. Every value is checked against its type
 * first, so whether a record is rejected never depends on the COPY format. Then, for a binary
 * plan, the row is written in binary when every value converts exactly ({@link ColumnWriter});
 * otherwise (a timestamp in a shape the agent does not convert, say) the whole row goes to the
 * text buffer, which the sink sends in a second COPY of the same transaction. A rejected record
 * leaves no trace in either buffer. One instance per decoding thread.
 */
public final class RowEncoder {
    private final LoadPlan plan;
    private final OutputColumn[] outputs;
    private final Slots slots;
    private final JsonExtractor keyJson;
    private final JsonExtractor valueJson;
    private final DelimitedFields keyFields;
    private final DelimitedFields valueFields;
    private final RecordFormat keyFormat;
    private final RecordFormat valueFormat;
    private final OutputColumn.SlotValue[] keyColumns;
    private final SessionTimeZone zone;
    private final ColumnWriter[] columns;
    private final RowValues row;
    private long keyHash;
    private boolean lastRowText;

    public RowEncoder(LoadPlan plan) {
        this(plan, new SessionTimeZone());
    }

    public RowEncoder(LoadPlan plan, SessionTimeZone zone) {
        this.plan = plan;
        this.zone = zone;
        this.outputs = plan.outputs().toArray(new OutputColumn[0]);
        this.slots = new Slots(Math.max(plan.slotCount(), 1));
        this.keyFormat = plan.job().key().orElse(null);
        this.valueFormat = plan.job().value();
        this.keyJson = keyFormat != null && keyFormat.kind() == RecordFormat.Kind.JSON
                ? new JsonExtractor(plan.keyPaths(), plan.keySlots()) : null;
        this.valueJson = valueFormat.kind() == RecordFormat.Kind.JSON
                ? new JsonExtractor(plan.valuePaths(), plan.valueSlots()) : null;
        this.keyFields = keyFormat != null && LoadPlan.delimited(keyFormat) ? new DelimitedFields(keyFormat, plan.keyFieldSlot()) : null;
        this.valueFields = LoadPlan.delimited(valueFormat) ? new DelimitedFields(valueFormat, plan.valueFieldSlot()) : null;
        this.keyColumns = plan.keyColumns();
        this.row = new RowValues(slots);
        this.columns = new ColumnWriter[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            columns[i] = ColumnWriter.of(outputs[i], keyJson, valueJson, plan.job().kafka().topic());
        }
    }

    /** A fresh buffer for a batch's rows in the plan's COPY format. */
    public CopyBuffer newRowBuffer(io.gpwarden.agent.copy.ChunkPool pool) {
        return plan.binaryCopy() ? new CopyBinaryBuffer(pool, outputs.length) : new CopyTextBuffer(pool);
    }

    /** Whether {@link #keyHash()} is computed (MERGE/UPDATE with exactly comparable keys). */
    public boolean tracksKeys() {
        return keyColumns != null;
    }

    /**
     * A 64-bit hash of the last encoded row's match columns: integers by value, text by its
     * characters (its UTF-8 bytes); 0 when a key column is NULL (a NULL key must take the general path).
     */
    public long keyHash() {
        return keyHash;
    }

    /** Whether the last row written went to the text buffer (binary plans only). */
    public boolean lastRowText() {
        return lastRowText;
    }

    /** Whether the last row's binary form assumed the session's TimeZone is UTC. */
    public boolean lastRowReliedOnUtc() {
        return row.reliedOnUtc;
    }

    private void hashKey() {
        long h = 0xcbf29ce484222325L;
        for (OutputColumn.SlotValue k : keyColumns) {
            int s = k.slot();
            if (slots.isNull(s)) {
                keyHash = 0;
                return;
            }
            byte[] b = slots.bytes(s);
            int off = slots.offset(s);
            int len = slots.length(s);
            if (k.check() == TypeCheck.TEXT) {
                for (int i = off; i < off + len; i++) {
                    h = (h ^ (b[i] & 0xFF)) * 0x100000001b3L;
                }
            } else {
                h = (h ^ parseLong(b, off, len)) * 0x100000001b3L;
                h ^= h >>> 29;
            }
            h = (h ^ 0x1F) * 0x100000001b3L;
        }
        keyHash = h == 0 ? 1 : h;
    }

    /** The value of integer text already accepted by its type check (spaces and sign allowed). */
    private static long parseLong(byte[] c, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && (c[i] == ' ' || (c[i] >= '\t' && c[i] <= '\r'))) {
            i++;
        }
        boolean neg = false;
        if (i < end && (c[i] == '+' || c[i] == '-')) {
            neg = c[i] == '-';
            i++;
        }
        long v = 0;
        for (; i < end && c[i] >= '0' && c[i] <= '9'; i++) {
            v = v * 10 - (c[i] - '0');
        }
        return neg ? v : -v;
    }

    /**
     * Appends the row for one record to {@code primary} (binary or text, as the plan says), or
     * for a binary plan to {@code fallback} when a value has no exact binary form.
     * Returns null when the row was written ({@link #lastRowText()} says where), or the reason
     * the record is rejected (nothing written).
     */
    public String encode(byte[] key, byte[] value, int partition, long offset, long timestamp, int seq,
                         CopyBuffer primary, CopyTextBuffer fallback) {
        if (value == null) {
            return "the record has no value (a tombstone); the job's value format is " + valueFormat.kind().name().toLowerCase();
        }
        String err = decode(value, valueJson, valueFields);
        if (err == null && keyFormat != null) {
            if (key == null) {
                if (keyFields != null) {
                    for (int i = 0; i < keyFormat.columns().size(); i++) {
                        slots.setNull(plan.keyFieldSlot() + i);
                    }
                } else {
                    for (int s : plan.keySlots()) {
                        slots.setNull(s);
                    }
                }
            } else {
                err = decode(key, keyJson, keyFields);
                if (err != null) {
                    err = "key: " + err;
                }
            }
        }
        if (err != null) {
            return err;
        }
        RowValues r = row;
        r.key = key;
        r.value = value;
        r.partition = partition;
        r.offset = offset;
        r.timestamp = timestamp;
        r.seq = seq;
        for (ColumnWriter c : columns) {
            String bad = c.check(r);
            if (bad != null) {
                return bad;
            }
        }
        lastRowText = false;
        r.reliedOnUtc = false;
        if (primary instanceof CopyBinaryBuffer bin) {
            r.sessionUtc = zone.isUtc();
            if (!writeBinary(r, bin)) {
                writeText(r, fallback);
                lastRowText = true;
                r.reliedOnUtc = false;
            }
        } else {
            writeText(r, (CopyTextBuffer) primary);
        }
        if (keyColumns != null) {
            hashKey();
        }
        return null;
    }

    private boolean writeBinary(RowValues r, CopyBinaryBuffer out) {
        out.startRow();
        for (ColumnWriter c : columns) {
            if (!c.binary(r, out)) {
                out.abortRow();
                return false;
            }
        }
        out.endRow();
        return true;
    }

    private void writeText(RowValues r, CopyTextBuffer out) {
        out.startRow();
        for (ColumnWriter c : columns) {
            c.text(r, out);
        }
        out.endRow();
    }

    private String decode(byte[] data, JsonExtractor json, DelimitedFields fields) {
        if (json != null) {
            return json.extract(data, slots);
        }
        if (fields != null) {
            return fields.split(data, slots);
        }
        return null;
    }
}
