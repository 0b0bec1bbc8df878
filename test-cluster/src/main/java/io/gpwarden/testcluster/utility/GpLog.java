package io.gpwarden.testcluster.utility;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Log lines in the format of Greenplum's gppylib logger, on stdout and in a log file:
 * {@code 20240131:10:15:02:012345 gpstate:cdw:postgres-[INFO]:-message}. With {@code quiet}, INFO
 * goes to the file only (the utilities' -q). Levels as Greenplum names them: DEBUG, INFO,
 * WARNING, ERROR, CRITICAL (logger.fatal).
 */
public final class GpLog {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMdd:HH:mm:ss");

    private final String program;
    private final String host;
    private final String user;
    private final PrintStream out;
    private final Path file;
    private final Clock clock;
    private final long pid = ProcessHandle.current().pid();
    private boolean quiet;

    public GpLog(String program, String host, String user, PrintStream out, Path file, Clock clock) {
        this.program = program;
        this.host = host;
        this.user = user;
        this.out = out;
        this.file = file;
        this.clock = clock;
    }

    public void quiet(boolean q) {
        this.quiet = q;
    }

    public void info(String msg) {
        log("INFO", msg);
    }

    public void warn(String msg) {
        log("WARNING", msg);
    }

    public void error(String msg) {
        log("ERROR", msg);
    }

    public void fatal(String msg) {
        log("CRITICAL", msg);
    }

    public void debug(String msg) {
        write(line("DEBUG", msg));
    }

    private void log(String level, String msg) {
        String line = line(level, msg);
        if (!quiet || !"INFO".equals(level)) {
            out.println(line);
            out.flush();
        }
        write(line);
    }

    private String line(String level, String msg) {
        return TS.format(clock.instant().atZone(ZoneId.systemDefault())) + String.format(":%06d ", pid % 1000000)
                + program + ":" + host + ":" + user + "-[" + level + "]:-" + msg;
    }

    private void write(String line) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log file is a copy of the screen output; losing it must not fail the utility
        }
    }
}
