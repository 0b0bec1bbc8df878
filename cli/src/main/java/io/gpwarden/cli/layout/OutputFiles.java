package io.gpwarden.cli.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a command's output files all together, after every check has passed: each file goes to a
 * temporary file beside its target, and only when all are written are they renamed into place
 * (atomically where the file system allows). A failure before the renames leaves nothing behind.
 */
final class OutputFiles {
    private final Map<Path, String> files = new LinkedHashMap<>();

    OutputFiles add(Path path, String content) {
        files.put(path, content);
        return this;
    }

    void writeAll() {
        List<Path[]> staged = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> e : files.entrySet()) {
                Path target = e.getKey().toAbsolutePath();
                Path dir = target.getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    throw new io.gpwarden.layout.LayoutException("cannot write " + e.getKey() + ": directory " + dir + " does not exist");
                }
                Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
                staged.add(new Path[] {tmp, target});
                Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8);
            }
            for (Path[] p : staged) {
                try {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            for (Path[] p : staged) {
                try {
                    Files.deleteIfExists(p[0]);
                } catch (IOException ignored) {
                    // Best effort: the temporary file is hidden and named after its target.
                }
            }
            throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
        }
    }
}
