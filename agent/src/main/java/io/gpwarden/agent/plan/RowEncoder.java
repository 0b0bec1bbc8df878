package io.gpwarden.agent.plan;

import io.gpwarden.agent.copy.CopyTextBuffer;
import io.gpwarden.agent.decode.DelimitedFields;
import io.gpwarden.agent.decode.JsonExtractor;
import io.gpwarden.agent.decode.Slots;
import io.gpwarden.agent.decode.Utf8;
import io.gpwarden.agent.job.RecordFormat;
import java.nio.charset.StandardCharsets;

/**
 * The hot path: turns one Kafka record into one COPY text row, following a {@link LoadPlan}.
 * Decoding goes into reusable {@link Slots} and straight into the batch's
 * {@link CopyTextBuffer}; no per-row objects beyond what the JSON parser needs. A record that
 * does not decode or convert leaves no trace in the buffer and yields the reason it was
 * rejected. One instance per decoding thread.
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
    private final byte[] topicJson;
    private final OutputColumn.SlotValue[] keyColumns;
    private long keyHash;

    public RowEncoder(LoadPlan plan) {
        this.plan = plan;
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
        this.topicJson = jsonString(plan.job().kafka().topic()).getBytes(StandardCharsets.UTF_8);
        this.keyColumns = plan.keyColumns();
    }

    /** Whether {@link #keyHash()} is computed (MERGE/UPDATE with exactly comparable keys). */
    public boolean tracksKeys() {
        return keyColumns != null;
    }

    /**
     * A 64-bit hash of the last encoded row's match columns: integers by value, text by its
     * characters; 0 when a key column is NULL (a NULL key must take the general path).
     */
    public long keyHash() {
        return keyHash;
    }

    private void hashKey() {
        long h = 0xcbf29ce484222325L;
        for (OutputColumn.SlotValue k : keyColumns) {
            int s = k.slot();
            if (slots.isNull(s)) {
                keyHash = 0;
                return;
            }
            char[] c = slots.chars(s);
            int len = slots.length(s);
            if (k.check() == io.gpwarden.agent.copy.TypeCheck.TEXT) {
                for (int i = 0; i < len; i++) {
                    h = (h ^ c[i]) * 0x100000001b3L;
                }
            } else {
                h = (h ^ parseLong(c, len)) * 0x100000001b3L;
                h ^= h >>> 29;
            }
            h = (h ^ 0x1F) * 0x100000001b3L;
        }
        keyHash = h == 0 ? 1 : h;
    }

    /** The value of integer text already accepted by its type check (spaces and sign allowed). */
    private static long parseLong(char[] c, int len) {
        int i = 0;
        while (i < len && Character.isWhitespace(c[i])) {
            i++;
        }
        boolean neg = false;
        if (i < len && (c[i] == '+' || c[i] == '-')) {
            neg = c[i] == '-';
            i++;
        }
        long v = 0;
        for (; i < len && c[i] >= '0' && c[i] <= '9'; i++) {
            v = v * 10 - (c[i] - '0');
        }
        return neg ? v : -v;
    }

    /**
     * Appends the row for one record to {@code out}. Returns null when the row was written, or
     * the reason the record is rejected (nothing written).
     */
    public String encode(byte[] key, byte[] value, int partition, long offset, long timestamp, int seq, CopyTextBuffer out) {
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
        out.startRow();
        for (OutputColumn o : outputs) {
            if (o instanceof OutputColumn.SlotValue sv) {
                int s = sv.slot();
                if (slots.isNull(s)) {
                    out.writeNull();
                    continue;
                }
                char[] c = slots.chars(s);
                int len = slots.length(s);
                String bad = sv.check().check(c, 0, len);
                if (bad != null) {
                    out.abortRow();
                    return bad;
                }
                out.writeChars(c, 0, len);
            } else if (o instanceof OutputColumn.WholeRecord w) {
                byte[] b = w.key() ? key : value;
                if (b == null) {
                    out.writeNull();
                } else if (w.kind() == OutputColumn.WholeRecord.Kind.BYTEA) {
                    out.writeBytea(b, 0, b.length);
                } else {
                    String bad = wholeJsonProblem(w, b);
                    if (bad != null) {
                        out.abortRow();
                        return bad;
                    }
                    out.writeUtf8(b, 0, b.length);
                }
            } else if (o instanceof OutputColumn.Meta) {
                writeMeta(out, partition, offset, timestamp);
            } else {
                out.writeLong(seq);
            }
        }
        out.endRow();
        if (keyColumns != null) {
            hashKey();
        }
        return null;
    }

    private String wholeJsonProblem(OutputColumn.WholeRecord w, byte[] b) {
        boolean parsed = (w.key() ? keyJson : valueJson) != null;
        if (!parsed && !Utf8.isValid(b, 0, b.length)) {
            return "invalid byte sequence for encoding \"UTF8\"";
        }
        if (w.kind() == OutputColumn.WholeRecord.Kind.JSONB && JsonExtractor.hasNulEscape(b)) {
            return "unsupported Unicode escape sequence: \\u0000 cannot be converted to text";
        }
        return null;
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

    private final StringBuilder meta = new StringBuilder(96);

    private void writeMeta(CopyTextBuffer out, int partition, long offset, long timestamp) {
        meta.setLength(0);
        meta.append("{\"topic\":").append(new String(topicJson, StandardCharsets.UTF_8))
                .append(",\"partition\":").append(partition)
                .append(",\"offset\":").append(offset)
                .append(",\"timestamp\":").append(timestamp).append('}');
        char[] c = new char[meta.length()];
        meta.getChars(0, meta.length(), c, 0);
        out.writeChars(c, 0, c.length);
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.append('"').toString();
    }
}
