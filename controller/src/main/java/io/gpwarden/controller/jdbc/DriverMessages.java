package io.gpwarden.controller.jdbc;

/** Driver and server messages made fit for one log line or one status row. */
public final class DriverMessages {
    private DriverMessages() {
    }

    /** The message on one line, without pgjdbc's generic advice after a refused connection. */
    public static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s+", " ").trim();
        int advice = line.indexOf(" Check that the hostname and port are correct");
        return advice > 0 ? line.substring(0, advice) : line;
    }
}
