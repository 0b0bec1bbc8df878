package io.gpwarden.controller.status;

import io.gpwarden.controller.decide.Condition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The controller's state file, {@code <state_directory>/controller-state.json}: the last status
 * (so {@code gpwarden status} can show incidents while the controller's HTTP endpoint is off)
 * and the conditions that held (so a restarted controller resolves what ended while it was
 * away instead of forgetting it).
 *
 * <p>Atomicity: written to a temporary file, fsynced, then renamed over the old one; a reader
 * sees the old file or the new one, never half of either. One writer (the tick).
 */
public final class StateFile {
    public static final String NAME = "controller-state.json";

    private final Path file;

    public StateFile(Path directory) {
        this.file = directory.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** What the file holds. */
    public record ControllerState(ClusterStatus status, List<Condition> conditions) {
        public ControllerState {
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }
    }

    public void write(ControllerState state) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(NAME + ".tmp");
        byte[] bytes = StatusJson.write(state).getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last state written, if any; a damaged file reads as none (and is reported by the caller). */
    public Optional<ControllerState> read() throws IOException {
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.of(StatusJson.mapper().readValue(json, ControllerState.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("damaged state file " + file + ": " + e.getOriginalMessage(), e);
        }
    }
}
