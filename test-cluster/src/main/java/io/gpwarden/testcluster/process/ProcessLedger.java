package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The record of every process a cluster (or a launcher) started, kept as one small file per
 * process in a directory so that any later command, any account with write access (the
 * utilities run as the database account) and a later run after a crash can find them.
 *
 * <p>Two kinds of entry: a plain process (PID plus a marker its command line must contain) and a
 * PostgreSQL data directory (its postmaster PID is read from {@code postmaster.pid} at stop time,
 * so restarts need no new entry). {@link #stopAll} only ever signals a PID whose command line
 * still contains the recorded marker (for PostgreSQL: the data directory), so it never touches a
 * process it did not start, even after PID reuse.
 *
 * <p>Writes are atomic (write to a temp file, rename). Entries are removed once stopped.
 */
public final class ProcessLedger {
    private final Path dir;

    public ProcessLedger(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** One recorded process. */
    public record Entry(String name, String kind, long pid, String marker, Path dataDirectory) {
        /** The PID running now (for PostgreSQL read from postmaster.pid), if alive and matching. */
        public Optional<Long> livePid() {
            if ("postgres".equals(kind)) {
                return PostmasterPid.read(dataDirectory)
                        .filter(p -> ProcessTable.matches(p, dataDirectory.toString()));
            }
            return ProcessTable.matches(pid, marker) ? Optional.of(pid) : Optional.empty();
        }
    }

    /** Records a plain process; {@code marker} must occur in its command line. */
    public void recordProcess(String name, long pid, String marker) throws IOException {
        Properties p = new Properties();
        p.setProperty("kind", "process");
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("marker", marker);
        write(name, p);
    }

    /** Records a PostgreSQL server by its data directory. */
    public void recordPostgres(String name, Path dataDirectory) throws IOException {
        Properties p = new Properties();
        p.setProperty("kind", "postgres");
        p.setProperty("datadir", dataDirectory.toAbsolutePath().toString());
        write(name, p);
    }

    /** Removes the entry {@code name} (after its process was stopped on purpose). */
    public void forget(String name) throws IOException {
        Files.deleteIfExists(dir.resolve(fileName(name)));
    }

    /** Every recorded entry, whether its process still runs or not. */
    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.proc")) {
            for (Path f : ds) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(f)) {
                    p.load(r);
                } catch (IOException e) {
                    continue;
                }
                String name = f.getFileName().toString().replaceFirst("\\.proc$", "");
                String kind = p.getProperty("kind", "process");
                String datadir = p.getProperty("datadir");
                out.add(new Entry(name, kind, Long.parseLong(p.getProperty("pid", "0")),
                        p.getProperty("marker", datadir == null ? "" : datadir),
                        datadir == null ? null : Path.of(datadir)));
            }
        }
        out.sort(java.util.Comparator.comparing(Entry::name));
        return out;
    }

    /** The entries whose process is alive now. */
    public List<Entry> live() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.livePid().isPresent()) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Stops every recorded process and removes its entry: plain processes with SIGTERM then
     * SIGKILL after {@code grace}; PostgreSQL with a fast shutdown (SIGINT), then SIGKILL of the
     * postmaster and its children after {@code grace}. Runs in parallel; returns when all are gone.
     */
    public void stopAll(Duration grace) throws IOException {
        List<Entry> all = entries();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, all.size())));
        try {
            for (Entry e : all) {
                pool.submit(() -> {
                    stop(e, grace);
                    return null;
                });
            }
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.MINUTES);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops one entry's process (as {@link #stopAll} does) and removes the entry. */
    public void stop(Entry e, Duration grace) throws IOException {
        if ("postgres".equals(e.kind())) {
            stopPostgres(e.dataDirectory(), grace);
        } else {
            ProcessTable.stop(e.pid(), e.marker(), grace);
        }
        forget(e.name());
    }

    /** Fast shutdown of the postmaster of {@code datadir}, SIGKILL of it and its children after {@code grace}. */
    public static void stopPostgres(Path datadir, Duration grace) {
        String marker = datadir.toAbsolutePath().toString();
        Optional<Long> pid = PostmasterPid.read(datadir).filter(p -> ProcessTable.matches(p, marker));
        if (pid.isEmpty()) {
            return;
        }
        List<Long> children = ProcessTable.descendants(pid.get());
        ProcessTable.signal(pid.get(), marker, "INT");
        if (!ProcessTable.awaitExit(pid.get(), grace)) {
            children = ProcessTable.descendants(pid.get());
            ProcessTable.killTree(pid.get(), marker);
            ProcessTable.awaitExit(pid.get(), Duration.ofSeconds(10));
        }
        for (long c : children) {
            ProcessTable.awaitExit(c, Duration.ofSeconds(5));
        }
    }

    private void write(String name, Properties p) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName(name));
        Path tmp = dir.resolve(fileName(name) + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, null);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String fileName(String name) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("ledger entry name must be [A-Za-z0-9_.-]+: " + name);
        }
        return name + ".proc";
    }
}
