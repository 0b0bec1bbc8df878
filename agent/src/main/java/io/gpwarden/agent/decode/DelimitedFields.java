package io.gpwarden.agent.decode;

import io.gpwarden.agent.job.RecordFormat;

/**
 * Splits a csv or delimited record into fields, into consecutive slots, with PostgreSQL's CSV
 * rules: a quoted field may hold delimiters and newlines, the escape character before a quote
 * is a literal quote, an unquoted field equal to the null string is NULL (unless its column is
 * FORCE_NOT_NULL), one trailing newline is dropped. A wrong number of fields rejects the record
 * unless FILL_MISSING_FIELDS lets missing trailing fields be NULL.
 */
public final class DelimitedFields {
    private final byte delimiter;
    private final byte quote;
    private final byte escape;
    private final boolean csv;
    private final byte[] nullString;
    private final boolean[] forceNotNull;
    private final boolean fillMissing;
    private final int firstSlot;
    private final int fieldCount;
    private final String[] columnNames;

    public DelimitedFields(RecordFormat format, int firstSlot) {
        this.delimiter = (byte) format.delimiter();
        this.quote = (byte) format.quote();
        this.escape = (byte) format.escape();
        this.csv = format.kind() == RecordFormat.Kind.CSV;
        this.nullString = format.nullString() == null ? null : format.nullString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.fieldCount = format.columns().size();
        this.forceNotNull = new boolean[fieldCount];
        this.columnNames = new String[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            columnNames[i] = format.columns().get(i).name();
            forceNotNull[i] = format.forceNotNull().contains(columnNames[i]);
        }
        this.fillMissing = format.fillMissingFields();
        this.firstSlot = firstSlot;
    }

    /** Splits {@code data} into slots firstSlot..firstSlot+columns-1; null, or why it is rejected. */
    public String split(byte[] data, Slots slots) {
        int end = data.length;
        if (end > 0 && data[end - 1] == '\n') {
            end--;
            if (end > 0 && data[end - 1] == '\r') {
                end--;
            }
        }
        int i = 0;
        int f = 0;
        boolean more = true;
        while (more) {
            if (f >= fieldCount) {
                return "extra data after last expected column";
            }
            int slot = firstSlot + f;
            // A field is never longer than what is left of the record: write it straight into the slot.
            byte[] field = slots.own(slot, end - i);
            int n = 0;
            boolean quoted = false;
            boolean inQuotes = false;
            while (i < end) {
                byte b = data[i];
                if (inQuotes) {
                    if (b == escape && escape != quote && i + 1 < end && (data[i + 1] == quote || data[i + 1] == escape)) {
                        field[n++] = data[i + 1];
                        i += 2;
                    } else if (b == quote) {
                        if (escape == quote && i + 1 < end && data[i + 1] == quote) {
                            field[n++] = quote;
                            i += 2;
                        } else {
                            inQuotes = false;
                            i++;
                        }
                    } else {
                        field[n++] = b;
                        i++;
                    }
                } else if (b == delimiter) {
                    break;
                } else if (quote != 0 && b == quote) {
                    inQuotes = true;
                    quoted = true;
                    i++;
                } else if (!csv && escape != 0 && b == escape && i + 1 < end) {
                    field[n++] = data[i + 1];
                    i += 2;
                } else {
                    field[n++] = b;
                    i++;
                }
            }
            if (inQuotes) {
                return "unterminated CSV quoted field";
            }
            if (!quoted && nullString != null && !forceNotNull[f] && equalsNull(field, n)) {
                slots.setNull(slot);
            } else if (!Utf8.isValid(field, 0, n)) {
                slots.setNull(slot);
                return Utf8.describeInvalid(field, 0, n);
            } else {
                slots.setOwn(slot, n);
            }
            f++;
            if (i < end && data[i] == delimiter) {
                i++;
            } else {
                more = false;
            }
        }
        if (f < fieldCount) {
            if (!fillMissing) {
                return "missing data for column \"" + columnNames[f] + "\"";
            }
            for (; f < fieldCount; f++) {
                slots.setNull(firstSlot + f);
            }
        }
        return null;
    }

    private boolean equalsNull(byte[] field, int n) {
        if (n != nullString.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (field[k] != nullString[k]) {
                return false;
            }
        }
        return true;
    }
}
