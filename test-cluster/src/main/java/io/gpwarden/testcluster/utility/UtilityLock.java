package io.gpwarden.testcluster.utility;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * gppylib's SimpleMainLock: a {@code <name>.lock} directory holding a PID file, in the coordinator
 * data directory, so that two runs of the same utility cannot overlap. A lock left by a process
 * that no longer runs is taken over.
 */
public final class UtilityLock implements AutoCloseable {
    private final Path dir;

    private UtilityLock(Path dir) {
        this.dir = dir;
    }

    public static UtilityLock acquire(Path parent, String name, String program, GpLog log) throws UtilityFailure, IOException {
        Path dir = parent.resolve(name);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.createDirectory(dir);
                Files.writeString(dir.resolve("PID"), Long.toString(ProcessHandle.current().pid()));
                return new UtilityLock(dir);
            } catch (FileAlreadyExistsException e) {
                String other = readPid(dir);
                boolean alive = !other.isEmpty() && ProcessHandle.of(Long.parseLong(other)).map(ProcessHandle::isAlive).orElse(false);
                if (alive) {
                    log.error("Lockfile " + dir + " indicates that an instance of " + program
                            + " is already running with PID " + other);
                    log.error("If this is not the case, remove the lockfile directory at " + dir);
                    throw new UtilityFailure(1, "another " + program + " is running");
                }
                Files.deleteIfExists(dir.resolve("PID"));
                Files.deleteIfExists(dir);
            }
        }
        throw new UtilityFailure(1, "could not take the lock " + dir);
    }

    private static String readPid(Path dir) {
        try {
            return Files.readString(dir.resolve("PID")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(dir.resolve("PID"));
        Files.deleteIfExists(dir);
    }
}
