package io.gpwarden.layout.io;

import io.gpwarden.layout.LayoutException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hosts file as gpinitsystem, gpexpand and gpssh take it: one host name per line; blank lines and
 * lines starting with '#' are skipped. Duplicate hosts are an error naming both lines, as are names
 * with characters Greenplum's utility files cannot carry.
 */
public final class HostsFile {
    private HostsFile() {
    }

    public static List<String> parse(String source, String text) {
        List<String> hosts = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            if (!line.matches("[A-Za-z0-9._-]+")) {
                problems.add(source + " line " + lineNo + ": '" + line + "' is not a host name (letters, digits, '.', '-', '_')");
                continue;
            }
            Integer prev = firstLine.putIfAbsent(line, lineNo);
            if (prev != null) {
                problems.add(source + " line " + lineNo + ": duplicate host " + line + " (first on line " + prev + ")");
                continue;
            }
            hosts.add(line);
        }
        if (!problems.isEmpty()) {
            throw new LayoutException(String.join("; ", problems));
        }
        if (hosts.isEmpty()) {
            throw new LayoutException(source + ": no host names (one per line)");
        }
        return hosts;
    }
}
