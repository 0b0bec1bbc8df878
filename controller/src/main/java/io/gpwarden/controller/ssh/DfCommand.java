package io.gpwarden.controller.ssh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one command that reads the file systems under a host's data directories, and its parser.
 * POSIX {@code df -Pk} (one line per file system, sizes in 1024-byte blocks, in the C locale),
 * run once per directory inside one shell loop that prints a marker before each, so a directory
 * that is missing or unreadable costs only its own line and the others still align:
 * <pre>
 * LC_ALL=C; export LC_ALL; i=0; for d in '/data/primary/gpseg0' '/data/mirror/gpseg2'; do
 *   printf 'gpwarden-df %s\n' "$i"; df -Pk "$d" 2&gt;&amp;1; i=$((i+1)); done
 * </pre>
 * The parser reads a data line from the right (the file system name may contain spaces; the mount
 * point starts with {@code /}), skips the header, and keeps any other line as that directory's
 * error text. Pure.
 */
public final class DfCommand {
    static final String MARKER = "gpwarden-df ";
    private static final Pattern DATA = Pattern.compile(
            "^(.+?)\\s+(\\d+)\\s+(\\d+|-)\\s+(\\d+|-)\\s+(\\d+%|-)\\s+(/.*)$");

    private DfCommand() {
    }

    /** One file system as df reported it. */
    public record FileSystem(String device, long sizeKb, long availableKb, String mountedOn) {
    }

    /** Per directory: its file system, or why df gave none. */
    public record Parsed(Map<String, FileSystem> fileSystems, Map<String, String> errors) {
        public Parsed {
            fileSystems = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fileSystems));
            errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }
    }

    /**
     * The shell command for {@code directories} (absolute paths from the catalog). A directory
     * containing a newline or NUL cannot be quoted safely and is refused.
     */
    public static String forDirectories(List<String> directories) {
        StringBuilder sb = new StringBuilder("LC_ALL=C; export LC_ALL; i=0; for d in");
        for (String d : directories) {
            if (d.indexOf('\n') >= 0 || d.indexOf('\0') >= 0 || d.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a data directory with a line break cannot be passed to df: " + d);
            }
            sb.append(' ').append(quote(d));
        }
        return sb.append("; do printf '").append(MARKER).append("%s\\n' \"$i\"; df -Pk \"$d\" 2>&1; i=$((i+1)); done")
                .toString();
    }

    /** Single-quoted for a POSIX shell: the only character to escape is the quote itself. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Parses what {@link #forDirectories} printed, directory by directory in the order given. */
    public static Parsed parse(List<String> directories, String output) {
        Map<String, FileSystem> found = new LinkedHashMap<>();
        Map<String, List<String>> other = new LinkedHashMap<>();
        int current = -1;
        for (String raw : output.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith(MARKER)) {
                try {
                    current = Integer.parseInt(line.substring(MARKER.length()).strip());
                } catch (NumberFormatException e) {
                    current = -1;
                }
                continue;
            }
            if (current < 0 || current >= directories.size() || line.isEmpty() || line.startsWith("Filesystem")) {
                continue;
            }
            String dir = directories.get(current);
            Matcher m = DATA.matcher(line);
            if (m.matches() && !found.containsKey(dir)) {
                found.put(dir, new FileSystem(m.group(1), Long.parseLong(m.group(2)),
                        m.group(4).equals("-") ? -1 : Long.parseLong(m.group(4)), m.group(6)));
            } else if (!m.matches()) {
                other.computeIfAbsent(dir, k -> new ArrayList<>()).add(line);
            }
        }
        Map<String, String> errors = new LinkedHashMap<>();
        for (String d : directories) {
            if (!found.containsKey(d)) {
                errors.put(d, other.containsKey(d) ? String.join("; ", other.get(d)) : "df printed nothing for it");
            }
        }
        return new Parsed(found, errors);
    }
}
