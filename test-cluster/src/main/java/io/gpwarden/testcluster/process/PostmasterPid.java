package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the postmaster PID from a data directory's {@code postmaster.pid} (first line). */
public final class PostmasterPid {
    private PostmasterPid() {
    }

    /** The PID written in {@code datadir/postmaster.pid}, or empty when there is no such file. */
    public static Optional<Long> read(Path datadir) {
        if (datadir == null) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(datadir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The PID of the live postmaster of {@code datadir} (verified by its command line), if any. */
    public static Optional<Long> live(Path datadir) {
        return read(datadir).filter(p -> ProcessTable.matches(p, datadir.toAbsolutePath().toString()));
    }
}
