package io.gpwarden.config;

/**
 * One thing wrong with a configuration file, located precisely enough to fix without searching:
 * {@code controller.yaml:12:5: alerts.channels[1].port: expected an integer, got "x"}.
 *
 * @param source the file name (or another label for text not read from a file)
 * @param line 1-based line, or 0 when the problem concerns the whole document
 * @param column 1-based column, or 0 when unknown
 * @param path the key path, dotted for mappings and indexed for sequences; empty for the root
 */
public record ConfigProblem(String source, int line, int column, String path, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
