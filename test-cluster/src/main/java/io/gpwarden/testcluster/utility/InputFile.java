package io.gpwarden.testcluster.utility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a utility input file the way gppylib's {@code line_reader} does: lines are stripped,
 * blank lines and lines starting with {@code #} are skipped, and line numbers count from 1
 * including the skipped lines (so an error names the line an editor shows).
 */
public final class InputFile {
    private InputFile() {
    }

    /** A content line and its 1-based number in the file. */
    public record Line(int number, String text) {
    }

    public static List<Line> read(Path file) throws IOException {
        List<Line> out = new ArrayList<>();
        int n = 0;
        for (String raw : Files.readAllLines(file)) {
            n++;
            String s = raw.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            out.add(new Line(n, s));
        }
        return out;
    }

    /** gppylib's check_values for an address|port|datadir triple; throws with Greenplum's messages. */
    public static void checkValues(int lineno, String address, String port, String datadir) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("Invalid address on line " + lineno);
        }
        if (!isPort(port)) {
            throw new IllegalArgumentException("Invalid port on line " + lineno);
        }
        if (datadir == null || datadir.isEmpty()) {
            throw new IllegalArgumentException("Invalid directory on line " + lineno);
        }
    }

    static boolean isPort(String s) {
        try {
            return Integer.parseInt(s) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
