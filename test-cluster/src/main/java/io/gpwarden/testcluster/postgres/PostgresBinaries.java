package io.gpwarden.testcluster.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL server programs are: {@code $GPWARDEN_PG_BIN} when set, otherwise the
 * newest {@code /usr/lib/postgresql/<major>/bin} that has {@code pg_rewind} (Debian's layout).
 */
public record PostgresBinaries(Path bin) {

    public static PostgresBinaries find() {
        String env = System.getenv("GPWARDEN_PG_BIN");
        if (env != null && !env.isBlank()) {
            return new PostgresBinaries(Path.of(env));
        }
        Path root = Path.of("/usr/lib/postgresql");
        Optional<Path> best = Optional.empty();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                best = s.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .filter(p -> Files.isExecutable(p.resolve("bin/pg_rewind")))
                        .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())));
            } catch (IOException e) {
                best = Optional.empty();
            }
        }
        return new PostgresBinaries(best.map(p -> p.resolve("bin")).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; "
                        + "install them with test-cluster/install-deps.sh (Debian package postgresql) "
                        + "or set GPWARDEN_PG_BIN")));
    }

    public String program(String name) {
        return bin.resolve(name).toString();
    }
}
