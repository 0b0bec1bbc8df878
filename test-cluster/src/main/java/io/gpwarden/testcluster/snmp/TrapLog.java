package io.gpwarden.testcluster.snmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The line format snmptrapd is told to log notifications in ({@code -F}), and its parser.
 *
 * <p>A record is {@code GPWTRAP <security>\t<oid> = <value>\t<oid> = <value>...\tGPWEND} and
 * starts a line. The end marker is there because snmptrapd prints string values raw: a summary
 * with a line break continues on the next line, and only the marker says where the record ends.
 * Varbinds are split at a tab followed by a numeric OID and {@code " = "}, so a tab inside a
 * value does not cut it. snmptrapd's own lines (its version at start, "Stopping snmptrapd") are
 * skipped.
 */
public final class TrapLog {
    /** The {@code -F} argument: security information, then every varbind, tab-separated. */
    public static final String FORMAT = "GPWTRAP %P\\t%V\\t%v\\tGPWEND\\n";

    private static final String START = "GPWTRAP ";
    private static final String END = "\tGPWEND";
    private static final Pattern VARBIND_SEPARATOR = Pattern.compile("\t(?=\\.[0-9][0-9.]* = )");

    private TrapLog() {
    }

    /** Every complete record in {@code text}, in order; a record still being written is left for the next read. */
    public static List<ReceivedNotification> parse(String text) {
        List<ReceivedNotification> out = new ArrayList<>();
        int at = recordStart(text, 0);
        while (at >= 0) {
            int end = text.indexOf(END + "\n", at);
            if (end < 0) {
                break;
            }
            out.add(record(text.substring(at + START.length(), end)));
            at = recordStart(text, end + END.length() + 1);
        }
        return out;
    }

    private static int recordStart(String text, int from) {
        int i = text.indexOf(START, from);
        while (i > 0 && text.charAt(i - 1) != '\n') {
            i = text.indexOf(START, i + 1);
        }
        return i;
    }

    private static ReceivedNotification record(String body) {
        String[] fields = VARBIND_SEPARATOR.split(body);
        Map<String, String> varbinds = new LinkedHashMap<>();
        for (int i = 1; i < fields.length; i++) {
            int eq = fields[i].indexOf(" = ");
            varbinds.put(fields[i].substring(0, eq), fields[i].substring(eq + 3).strip());
        }
        return new ReceivedNotification(fields[0], varbinds);
    }
}
