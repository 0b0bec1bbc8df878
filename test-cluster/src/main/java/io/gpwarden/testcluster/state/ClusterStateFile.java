package io.gpwarden.testcluster.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes {@code cluster.json}; writes are atomic (temp file, rename). */
public final class ClusterStateFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ClusterStateFile() {
    }

    public static void write(ClusterState state) throws IOException {
        Path file = state.files().stateFile();
        Path tmp = file.resolveSibling("cluster.json.tmp");
        JSON.writeValue(tmp.toFile(), state);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The state in {@code dir}, or a clear error saying no cluster was created there. */
    public static ClusterState read(Path dir) throws IOException {
        Path file = new ClusterFiles(dir).stateFile();
        if (!Files.exists(file)) {
            throw new NoClusterException(dir);
        }
        return JSON.readValue(file.toFile(), ClusterState.class);
    }

    /** No cluster.json in the directory: nothing was ever brought up there. */
    public static final class NoClusterException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NoClusterException(Path dir) {
            super("no test cluster in " + dir.toAbsolutePath().normalize()
                    + " (no cluster.json); start one with: gpwarden test-cluster up --dir " + dir);
        }
    }
}
