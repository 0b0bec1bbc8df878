package io.gpwarden.alerts.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.incident.Decision;
import io.gpwarden.alerts.incident.IncidentState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * {@link Outbox} in a local directory: an append-only journal ({@code outbox.journal}) of
 * checksummed JSON lines, fsynced after every append, replayed on open and compacted by
 * rewriting it to a temporary file and renaming it over the old one.
 *
 * <p>Line format: {@code <crc32 of json, 8 hex> <json>}. A torn last line (the process died
 * in the middle of an append, before its fsync returned, so its caller never went on) is
 * dropped and cut off. A bad line anywhere else means the file was damaged: opening fails
 * and names the file and line, rather than guessing which alerts were sent.
 *
 * <p>A lock file keeps a second process (or a second instance in this one) away from the
 * directory. Delivered ids are remembered (the newest {@code rememberedIds}) so a replayed
 * commit cannot resend them.
 */
public final class FileOutbox implements Outbox {

    static final String JOURNAL = "outbox.journal";
    private static final String LOCK = "outbox.lock";

    /** One journal line. Exactly one of the groups of fields is used per type. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Entry(String type, List<IncidentState> saved, List<String> forgotten, List<Notification> notifications,
                 List<String> ids, String reason) {
        static Entry commit(Decision d, List<Notification> accepted) {
            return new Entry("commit", d.saved(), d.forgotten(), accepted, null, null);
        }

        static Entry delivered(List<String> ids) {
            return new Entry("delivered", null, null, null, ids, null);
        }

        static Entry failed(String id, String reason) {
            return new Entry("failed", null, null, null, List.of(id), reason);
        }
    }

    private final Path dir;
    private final Path journal;
    private final int compactAfterLines;
    private final int rememberedIds;
    private final ObjectMapper json;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, IncidentState> incidents = new LinkedHashMap<>();
    private final Map<String, Notification> pending = new LinkedHashMap<>();
    private final LinkedHashSet<String> finished = new LinkedHashSet<>();
    private FileChannel out;
    private int linesSinceCompaction;
    private boolean closed;

    private FileOutbox(Path dir, int compactAfterLines, int rememberedIds) {
        this.dir = dir;
        this.journal = dir.resolve(JOURNAL);
        this.compactAfterLines = compactAfterLines;
        this.rememberedIds = rememberedIds;
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            Files.createDirectories(dir);
            this.lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock acquired;
            try {
                acquired = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                acquired = null;
            }
            if (acquired == null) {
                lockChannel.close();
                throw new OutboxException("outbox " + dir + " is in use by another gpwarden process"
                        + " (lock " + dir.resolve(LOCK) + "); stop it or give this one its own state directory");
            }
            this.lock = acquired;
        } catch (IOException e) {
            throw new OutboxException("cannot open outbox directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens (creating if needed) the outbox in {@code dir}, replaying its journal. */
    public static FileOutbox open(Path dir) {
        return open(dir, 10_000, 100_000);
    }

    /** For tests and tuning: compaction threshold in journal lines and the delivered-id memory. */
    public static FileOutbox open(Path dir, int compactAfterLines, int rememberedIds) {
        FileOutbox outbox = new FileOutbox(dir, compactAfterLines, rememberedIds);
        try {
            outbox.replay();
            outbox.out = FileChannel.open(outbox.journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            outbox.releaseLock();
            if (e instanceof OutboxException oe) {
                throw oe;
            }
            throw new OutboxException("cannot open outbox journal " + outbox.journal + ": " + e.getMessage(), e);
        }
        return outbox;
    }

    @Override
    public synchronized List<Notification> commit(Decision decision) {
        ensureOpen();
        List<Notification> accepted = new ArrayList<>();
        for (Notification n : decision.notifications()) {
            if (!pending.containsKey(n.id()) && !finished.contains(n.id())
                    && accepted.stream().noneMatch(a -> a.id().equals(n.id()))) {
                accepted.add(n);
            }
        }
        if (decision.saved().isEmpty() && decision.forgotten().isEmpty() && accepted.isEmpty()) {
            return List.of();
        }
        Entry entry = Entry.commit(decision, accepted);
        append(entry);
        apply(entry);
        maybeCompact();
        return List.copyOf(accepted);
    }

    @Override
    public synchronized void markDelivered(String notificationId) {
        ensureOpen();
        if (!pending.containsKey(notificationId)) {
            return;
        }
        Entry entry = Entry.delivered(List.of(notificationId));
        append(entry);
        apply(entry);
        maybeCompact();
    }

    @Override
    public synchronized void markFailed(String notificationId, String reason) {
        ensureOpen();
        if (!pending.containsKey(notificationId)) {
            return;
        }
        Entry entry = Entry.failed(notificationId, reason);
        append(entry);
        apply(entry);
        maybeCompact();
    }

    @Override
    public synchronized List<Notification> pending() {
        return List.copyOf(pending.values());
    }

    @Override
    public synchronized List<IncidentState> incidents() {
        return List.copyOf(incidents.values());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // Every append was already fsynced; nothing is lost by a failed close.
        }
        releaseLock();
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The OS drops the lock with the process anyway.
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new OutboxException("outbox " + dir + " is closed");
        }
    }

    private void apply(Entry entry) {
        switch (entry.type()) {
            case "commit" -> {
                for (IncidentState state : nonNull(entry.saved())) {
                    incidents.put(state.key(), state);
                }
                for (String key : nonNull(entry.forgotten())) {
                    incidents.remove(key);
                }
                for (Notification n : nonNull(entry.notifications())) {
                    if (!finished.contains(n.id())) {
                        pending.putIfAbsent(n.id(), n);
                    }
                }
            }
            case "delivered", "failed", "known" -> {
                for (String id : nonNull(entry.ids())) {
                    pending.remove(id);
                    finished.add(id);
                }
                while (finished.size() > rememberedIds) {
                    finished.remove(finished.iterator().next());
                }
            }
            default -> throw new IllegalArgumentException("unknown entry type '" + entry.type() + "'");
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private void append(Entry entry) {
        try {
            writeLine(out, entry);
            out.force(false);
            linesSinceCompaction++;
        } catch (IOException e) {
            throw new OutboxException("cannot append to outbox journal " + journal + ": " + e.getMessage(), e);
        }
    }

    private void writeLine(FileChannel channel, Entry entry) throws IOException {
        byte[] body = json.writeValueAsBytes(entry);
        CRC32 crc = new CRC32();
        crc.update(body);
        String prefix = String.format("%08x ", crc.getValue());
        ByteBuffer buffer = ByteBuffer.allocate(prefix.length() + body.length + 1);
        buffer.put(prefix.getBytes(StandardCharsets.US_ASCII)).put(body).put((byte) '\n').flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void replay() throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        List<String> lines = new ArrayList<>();
        long goodBytes = 0;
        byte[] all = Files.readAllBytes(journal);
        List<Long> lineEnds = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(new String(all, start, i - start, StandardCharsets.UTF_8));
                lineEnds.add((long) i + 1);
                start = i + 1;
            }
        }
        boolean tornTail = start < all.length;
        long[] ends = lineEnds.stream().mapToLong(Long::longValue).toArray();
        for (int i = 0; i < lines.size(); i++) {
            Entry entry = parse(lines.get(i));
            if (entry == null) {
                if (i == lines.size() - 1 && !tornTail) {
                    tornTail = true;
                    break;
                }
                throw new OutboxException("outbox journal " + journal + " is damaged at line " + (i + 1)
                        + " (checksum or JSON invalid); move the file aside to start empty, or repair that line");
            }
            apply(entry);
            goodBytes = ends[i];
            linesSinceCompaction++;
        }
        if (tornTail) {
            try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                channel.truncate(goodBytes);
                channel.force(true);
            }
        }
    }

    private Entry parse(String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            return null;
        }
        try {
            long expected = Long.parseLong(line.substring(0, 8), 16);
            byte[] body = line.substring(9).getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(body);
            if (crc.getValue() != expected) {
                return null;
            }
            return json.readValue(body, Entry.class);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private void maybeCompact() {
        int live = incidents.size() + pending.size() + finished.size() / 1000 + 1;
        if (linesSinceCompaction < compactAfterLines || linesSinceCompaction < 2 * live) {
            return;
        }
        compact();
    }

    /** Rewrites the journal as the current state: tmp file, fsync, atomic rename, fsync dir. */
    synchronized void compact() {
        Path tmp = dir.resolve(JOURNAL + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                List<String> ids = new ArrayList<>(finished);
                for (int i = 0; i < ids.size(); i += 1000) {
                    writeLine(channel, new Entry("known", null, null, null,
                            ids.subList(i, Math.min(ids.size(), i + 1000)), null));
                }
                writeLine(channel, new Entry("commit", List.copyOf(incidents.values()), null,
                        List.copyOf(pending.values()), null, null));
                channel.force(true);
            }
            out.close();
            try {
                Files.move(tmp, journal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                linesSinceCompaction = (finished.size() + 999) / 1000 + 1;
            } catch (AtomicMoveNotSupportedException e) {
                throw new OutboxException("outbox directory " + dir + " does not support atomic rename", e);
            } finally {
                // Either the old journal or the new one is in place: keep appending to it.
                out = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
                dirChannel.force(true);
            } catch (IOException e) {
                // Some file systems cannot fsync a directory; the rename is still atomic.
            }
        } catch (IOException e) {
            throw new OutboxException("cannot compact outbox journal " + journal + ": " + e.getMessage(), e);
        }
    }

}
