package io.gpwarden.agent.plan;

import io.gpwarden.agent.copy.TypeCheck;

/** One column of the COPY the encoder writes, and where its value comes from. */
public sealed interface OutputColumn {

    /** An extracted value (a json path or a csv field) checked against {@code check}. */
    record SlotValue(int slot, TypeCheck check) implements OutputColumn {
    }

    /** The whole record key or value, as json/jsonb text or as bytea. */
    record WholeRecord(boolean key, Kind kind) implements OutputColumn {
        /** How the bytes are written. */
        public enum Kind { JSON, JSONB, BYTEA }
    }

    /** The record's Kafka coordinates as a json object (META). */
    record Meta() implements OutputColumn {
    }

    /** The row's position in its batch, for "latest row wins" ordering in the staging table. */
    record Sequence() implements OutputColumn {
    }
}
