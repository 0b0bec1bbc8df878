package io.gpwarden.agent.plan;

import io.gpwarden.agent.copy.BinaryForm;
import io.gpwarden.agent.copy.BinaryValues;
import io.gpwarden.agent.copy.CopyBinaryBuffer;
import io.gpwarden.agent.copy.CopyTextBuffer;
import io.gpwarden.agent.copy.TypeCheck;
import io.gpwarden.agent.decode.JsonExtractor;
import io.gpwarden.agent.decode.Slots;
import io.gpwarden.agent.decode.Utf8;
import java.nio.charset.StandardCharsets;

/**
 * One column of the COPY row an {@link OutputColumn} describes: how its value is checked, and
 * written in binary and in text format. One small class per kind of value, so each compiles on
 * its own and the encoder's loop calls them without a chain of type tests. Not thread-safe (the
 * META column reuses a buffer); one set per encoder.
 */
abstract class ColumnWriter {

    /** Null, or why the record is rejected; run for every column before anything is written. */
    String check(RowValues r) {
        return null;
    }

    /** Writes the binary form; false, with nothing written, when the value has no exact binary form. */
    abstract boolean binary(RowValues r, CopyBinaryBuffer out);

    abstract void text(RowValues r, CopyTextBuffer out);

    /** The writer for {@code o}; {@code keyJson} / {@code valueJson} parsed the record's key / value (or are null). */
    static ColumnWriter of(OutputColumn o, JsonExtractor keyJson, JsonExtractor valueJson, String topic) {
        if (o instanceof OutputColumn.SlotValue sv) {
            return slot(sv);
        }
        if (o instanceof OutputColumn.WholeRecord w) {
            return new WholeRecord(w, w.key() ? keyJson : valueJson);
        }
        if (o instanceof OutputColumn.Meta m) {
            return new Meta(m.form(), topic);
        }
        return new Sequence();
    }

    private static ColumnWriter slot(OutputColumn.SlotValue sv) {
        if (sv.form() == null) {
            return new TextOnly(sv.slot(), sv.check());
        }
        return switch (sv.form()) {
            case INT2, INT4, INT8 -> new IntegerSlot(sv.slot(), sv.check(), sv.form());
            case FLOAT8 -> new Float8Slot(sv.slot(), sv.check());
            case BOOL -> new BoolSlot(sv.slot(), sv.check());
            case JSONB -> new JsonbSlot(sv.slot(), sv.check());
            case TIMESTAMPTZ, TIMESTAMP -> new TimestampSlot(sv.slot(), sv.check(), sv.form() == BinaryForm.TIMESTAMPTZ);
            case DATE -> new DateSlot(sv.slot(), sv.check());
            default -> new BytesSlot(sv.slot(), sv.check());
        };
    }

    /** An extracted value (json path, csv field), checked against the type it is read as. */
    private abstract static class Slot extends ColumnWriter {
        final int slot;
        final TypeCheck check;

        Slot(int slot, TypeCheck check) {
            this.slot = slot;
            this.check = check;
        }

        @Override
        String check(RowValues r) {
            Slots s = r.slots;
            return s.isNull(slot) ? null : check.check(s.bytes(slot), s.offset(slot), s.length(slot));
        }

        @Override
        final boolean binary(RowValues r, CopyBinaryBuffer out) {
            Slots s = r.slots;
            if (s.isNull(slot)) {
                out.writeNull();
                return true;
            }
            return value(s.bytes(slot), s.offset(slot), s.length(slot), r, out);
        }

        /** The binary form of a non-NULL value. */
        abstract boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out);

        @Override
        final void text(RowValues r, CopyTextBuffer out) {
            Slots s = r.slots;
            if (s.isNull(slot)) {
                out.writeNull();
            } else {
                out.writeUtf8(s.bytes(slot), s.offset(slot), s.length(slot));
            }
        }
    }

    private static final class IntegerSlot extends Slot {
        private final BinaryForm form;

        IntegerSlot(int slot, TypeCheck check, BinaryForm form) {
            super(slot, check);
            this.form = form;
        }

        @Override
        boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out) {
            BinaryValues.writeInteger(form, v, off, len, out);
            return true;
        }
    }

    private static final class Float8Slot extends Slot {
        Float8Slot(int slot, TypeCheck check) {
            super(slot, check);
        }

        @Override
        boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out) {
            return BinaryValues.writeFloat8(v, off, len, out);
        }
    }

    private static final class BoolSlot extends Slot {
        BoolSlot(int slot, TypeCheck check) {
            super(slot, check);
        }

        @Override
        boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out) {
            return BinaryValues.writeBool(v, off, len, out);
        }
    }

    /** text, varchar, char, json: the binary form is the text. */
    private static final class BytesSlot extends Slot {
        BytesSlot(int slot, TypeCheck check) {
            super(slot, check);
        }

        @Override
        boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out) {
            out.writeBytes(v, off, len);
            return true;
        }
    }

    private static final class JsonbSlot extends Slot {
        JsonbSlot(int slot, TypeCheck check) {
            super(slot, check);
        }

        @Override
        boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out) {
            out.writeJsonb(v, off, len);
            return true;
        }
    }

    private static final class TimestampSlot extends Slot {
        private final boolean withZone;

        TimestampSlot(int slot, TypeCheck check, boolean withZone) {
            super(slot, check);
            this.withZone = withZone;
        }

        @Override
        boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out) {
            if (!BinaryValues.writeTimestamp(withZone, v, off, len, r.sessionUtc, out)) {
                return false;
            }
            r.reliedOnUtc |= withZone && r.sessionUtc;
            return true;
        }
    }

    private static final class DateSlot extends Slot {
        DateSlot(int slot, TypeCheck check) {
            super(slot, check);
        }

        @Override
        boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out) {
            return BinaryValues.writeDate(v, off, len, out);
        }
    }

    /** A column type without binary form: the plan is text, so the binary side is never asked. */
    private static final class TextOnly extends Slot {
        TextOnly(int slot, TypeCheck check) {
            super(slot, check);
        }

        @Override
        boolean value(byte[] v, int off, int len, RowValues r, CopyBinaryBuffer out) {
            throw new IllegalStateException("a column without binary form in a binary COPY");
        }
    }

    /** The whole key or value: json/jsonb text (valid UTF-8, and for jsonb unescapable) or bytea. */
    private static final class WholeRecord extends ColumnWriter {
        private final boolean key;
        private final OutputColumn.WholeRecord.Kind kind;
        private final BinaryForm form;
        private final JsonExtractor parsed;

        WholeRecord(OutputColumn.WholeRecord w, JsonExtractor parsed) {
            this.key = w.key();
            this.kind = w.kind();
            this.form = w.form();
            this.parsed = parsed;
        }

        private byte[] bytes(RowValues r) {
            return key ? r.key : r.value;
        }

        @Override
        String check(RowValues r) {
            byte[] b = bytes(r);
            if (b == null || kind == OutputColumn.WholeRecord.Kind.BYTEA) {
                return null;
            }
            if (parsed == null) {
                return Utf8.isValid(b, 0, b.length) ? null : "invalid byte sequence for encoding \"UTF8\"";
            }
            // Parsed already (valid JSON, valid UTF-8); jsonb also unescapes every string.
            return kind == OutputColumn.WholeRecord.Kind.JSONB ? parsed.escapeProblem() : null;
        }

        @Override
        boolean binary(RowValues r, CopyBinaryBuffer out) {
            byte[] b = bytes(r);
            if (b == null) {
                out.writeNull();
            } else if (form == BinaryForm.JSONB) {
                out.writeJsonb(b, 0, b.length);
            } else {
                out.writeBytes(b, 0, b.length);
            }
            return true;
        }

        @Override
        void text(RowValues r, CopyTextBuffer out) {
            byte[] b = bytes(r);
            if (b == null) {
                out.writeNull();
            } else if (kind == OutputColumn.WholeRecord.Kind.BYTEA) {
                out.writeBytea(b, 0, b.length);
            } else {
                out.writeUtf8(b, 0, b.length);
            }
        }
    }

    /** META: the record's Kafka coordinates as a json object. */
    private static final class Meta extends ColumnWriter {
        private final BinaryForm form;
        private final String topicJson;
        private byte[] buffer = new byte[128];

        Meta(BinaryForm form, String topic) {
            this.form = form;
            StringBuilder b = new StringBuilder("\"");
            for (char ch : topic.toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    b.append('\\');
                }
                b.append(ch);
            }
            this.topicJson = b.append('"').toString();
        }

        private int json(RowValues r) {
            byte[] b = ("{\"topic\":" + topicJson + ",\"partition\":" + r.partition + ",\"offset\":" + r.offset
                    + ",\"timestamp\":" + r.timestamp + "}").getBytes(StandardCharsets.UTF_8);
            if (b.length > buffer.length) {
                buffer = new byte[b.length * 2];
            }
            System.arraycopy(b, 0, buffer, 0, b.length);
            return b.length;
        }

        @Override
        boolean binary(RowValues r, CopyBinaryBuffer out) {
            int n = json(r);
            if (form == BinaryForm.JSONB) {
                out.writeJsonb(buffer, 0, n);
            } else {
                out.writeBytes(buffer, 0, n);
            }
            return true;
        }

        @Override
        void text(RowValues r, CopyTextBuffer out) {
            out.writeUtf8(buffer, 0, json(r));
        }
    }

    /** The row's position in its batch (staging table only). */
    private static final class Sequence extends ColumnWriter {
        @Override
        boolean binary(RowValues r, CopyBinaryBuffer out) {
            out.writeInt4(r.seq);
            return true;
        }

        @Override
        void text(RowValues r, CopyTextBuffer out) {
            out.writeLong(r.seq);
        }
    }
}
