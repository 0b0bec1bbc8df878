package io.gpwarden.layout.io;

import io.gpwarden.layout.LayoutException;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as PostgreSQL's {@code \copy ... csv header} writes it: comma separated, fields with
 * commas, quotes or line breaks quoted, quotes doubled, NULL as an unquoted empty field. Each record
 * remembers the line it started on so that errors can name it.
 */
public final class CsvRecords {
    private CsvRecords() {
    }

    /** A record: its fields (null for an unquoted empty field, PostgreSQL's NULL) and its first line number. */
    public record Row(int line, List<String> fields) {
    }

    public static List<Row> parse(String source, String text) {
        List<Row> rows = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            boolean endOfRecord = false;
            while (i < n && !endOfRecord) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        quoted = false;
                        i++;
                        continue;
                    }
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                    i++;
                    continue;
                }
                switch (c) {
                    case '"' -> {
                        if (field.length() > 0) {
                            throw new LayoutException(source + " line " + line + ": a quote inside an unquoted field");
                        }
                        quoted = true;
                        wasQuoted = true;
                        i++;
                    }
                    case ',' -> {
                        fields.add(wasQuoted || field.length() > 0 ? field.toString() : null);
                        field.setLength(0);
                        wasQuoted = false;
                        i++;
                    }
                    case '\r' -> i++;
                    case '\n' -> {
                        endOfRecord = true;
                        line++;
                        i++;
                    }
                    default -> {
                        field.append(c);
                        i++;
                    }
                }
            }
            if (quoted) {
                throw new LayoutException(source + " line " + startLine + ": a quoted field is not closed");
            }
            fields.add(wasQuoted || field.length() > 0 ? field.toString() : null);
            boolean blank = fields.size() == 1 && fields.get(0) == null;
            if (!blank) {
                rows.add(new Row(startLine, fields));
            }
        }
        return rows;
    }
}
