package io.gpwarden.agent.plan;

import io.gpwarden.agent.copy.BinaryForm;
import io.gpwarden.agent.copy.TypeCheck;

/**
 * One column of the COPY the encoder writes, where its value comes from, and the binary form of
 * the column it lands in ({@code null}: that column type is only written as text).
 */
public sealed interface OutputColumn {

    /** The binary form of the COPY column, or null. */
    BinaryForm form();

    /** An extracted value (a json path or a csv field) checked against {@code check}. */
    record SlotValue(int slot, TypeCheck check, BinaryForm form) implements OutputColumn {
        public SlotValue(int slot, TypeCheck check) {
            this(slot, check, null);
        }
    }

    /** The whole record key or value, as json/jsonb text or as bytea. */
    record WholeRecord(boolean key, Kind kind, BinaryForm form) implements OutputColumn {
        /** How the bytes are written. */
        public enum Kind { JSON, JSONB, BYTEA }

        public WholeRecord(boolean key, Kind kind) {
            this(key, kind, null);
        }
    }

    /** The record's Kafka coordinates as a json object (META). */
    record Meta(BinaryForm form) implements OutputColumn {
        public Meta() {
            this(null);
        }
    }

    /** The row's position in its batch, for "latest row wins" ordering in the staging table. */
    record Sequence() implements OutputColumn {
        @Override
        public BinaryForm form() {
            return BinaryForm.INT4;
        }
    }
}
