package io.gpwarden.controller.ssh;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.catalog.Segment;
import io.gpwarden.controller.observe.HostCheck;
import io.gpwarden.controller.observe.HostCheck.State;
import io.gpwarden.controller.observe.HostChecks;
import io.gpwarden.controller.ssh.DfCommand.FileSystem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File system sizes over SSH for the disk read: one {@link DfCommand} per host covering all the
 * data directories the catalog places there (coordinator, standby, primaries, mirrors), run on
 * every host in parallel, at most {@code max_parallel} at once.
 *
 * <p>Sizes rarely change, so they are cached: a host is contacted at a disk read only when
 * <ol>
 *   <li>it has not answered yet, or its last contact failed (so a failure stays current and a
 *       recovery is seen at the next read);</li>
 *   <li>its data directories changed (a mirror moved, a host was added);</li>
 *   <li>the catalog shows one of its instances down (whether the host itself answers is then
 *       exactly what a human wants to know);</li>
 *   <li>its sizes are {@code refreshReads} disk reads old.</li>
 * </ol>
 *
 * <p>Timing: {@link #start} returns at once; {@link #finish} waits for the hosts contacted until a
 * deadline and no longer. A host still connecting then is not a verdict: its contact goes on in
 * the background (bounded by the shell's own timeouts) and its outcome counts at the next read.
 * So one hanging host delays neither the other hosts nor the disk read, let alone the probes.
 * Thread-safe; reads come from one thread at a time.
 */
public final class SshDiskCapacity implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SshDiskCapacity.class);

    private final String cluster;
    private final HostShell shell;
    private final Duration commandTimeout;
    private final int refreshReads;
    private final ExecutorService pool;
    private final Clock clock;
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final boolean logChanges;

    /** One host's cache and latest outcome. Written by its contact task, read by the disk read. */
    private static final class HostState {
        volatile List<String> directories = List.of();
        volatile Map<String, FileSystem> sizes = Map.of();
        volatile long refreshedAtRead = Long.MIN_VALUE / 2;
        volatile HostCheck last;
        volatile Future<?> inFlight;

        HostState(String host) {
            last = HostCheck.checking(host);
        }
    }

    /** The contacts one disk read started or waits for. */
    public record Round(long number, Map<String, Future<?>> pending, Optional<CatalogSnapshot> catalog) {
    }

    /**
     * @param commandTimeout bound for one host's df (the shell adds its connect time)
     * @param refreshReads   re-read sizes after this many disk reads even when nothing changed
     * @param maxParallel    hosts contacted at once
     */
    public SshDiskCapacity(String cluster, HostShell shell, Duration commandTimeout, int refreshReads, int maxParallel,
                           Clock clock) {
        this(cluster, shell, commandTimeout, refreshReads, maxParallel, clock, true);
    }

    /** @param logChanges log each host's state changes (a controller does; a one-shot status prints them instead) */
    public SshDiskCapacity(String cluster, HostShell shell, Duration commandTimeout, int refreshReads, int maxParallel,
                           Clock clock, boolean logChanges) {
        this.logChanges = logChanges;
        this.cluster = cluster;
        this.shell = shell;
        this.commandTimeout = commandTimeout;
        this.refreshReads = Math.max(1, refreshReads);
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(maxParallel, r -> {
            Thread t = new Thread(r, "gpwarden-ssh-df-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the contacts this read needs and returns at once. */
    public Round start(Optional<CatalogSnapshot> catalog) {
        long number = reads.incrementAndGet();
        if (catalog.isEmpty()) {
            return new Round(number, Map.of(), catalog);
        }
        Map<String, List<String>> directories = directoriesByHost(catalog.get());
        hosts.keySet().retainAll(directories.keySet());
        Map<String, Future<?>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : directories.entrySet()) {
            String host = e.getKey();
            HostState st = hosts.computeIfAbsent(host, HostState::new);
            Future<?> running = st.inFlight;
            if (running != null && !running.isDone()) {
                pending.put(host, running);
                continue;
            }
            if (due(st, e.getValue(), anyDown(catalog.get(), host), number)) {
                List<String> dirs = e.getValue();
                st.inFlight = pool.submit(() -> contact(host, dirs, number, st));
                pending.put(host, st.inFlight);
            }
        }
        return new Round(number, pending, catalog);
    }

    /** Waits for this read's contacts until {@code deadlineNanos} (System.nanoTime), then reports what is known. */
    public FileSystemSizes finish(Round round, long deadlineNanos) {
        for (Future<?> f : round.pending().values()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                f.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (ExecutionException e) {
                // contact() records its own failures; nothing else can escape it.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return snapshot();
    }

    /** What is known now, without contacting anybody. */
    public FileSystemSizes snapshot() {
        Map<String, Map<String, FileSystem>> sizes = new TreeMap<>();
        Map<String, HostCheck> checks = new TreeMap<>();
        hosts.forEach((h, st) -> {
            sizes.put(h, st.sizes);
            checks.put(h, st.last);
        });
        return new FileSystemSizes(sizes, new HostChecks(true, checks));
    }

    private boolean due(HostState st, List<String> directories, boolean anyDown, long number) {
        return st.last.state() != State.OK
                || !st.directories.equals(directories)
                || anyDown
                || number - st.refreshedAtRead >= refreshReads;
    }

    private void contact(String host, List<String> directories, long number, HostState st) {
        HostCheck before = st.last;
        HostCheck after;
        try {
            CommandResult r = shell.run(host, DfCommand.forDirectories(directories), commandTimeout);
            DfCommand.Parsed parsed = DfCommand.parse(directories, r.stdout());
            if (parsed.fileSystems().isEmpty()) {
                String why = parsed.errors().values().stream().findFirst().filter(x -> !x.startsWith("df printed"))
                        .orElse(r.failureLine());
                after = new HostCheck(host, State.COMMAND_FAILED, Optional.of(clock.instant()),
                        "df gave no size for " + directories.size() + " data director"
                                + (directories.size() == 1 ? "y" : "ies") + ": " + why, Optional.empty());
            } else {
                Map<String, FileSystem> sizes = new LinkedHashMap<>();
                for (String d : directories) {
                    FileSystem fs = parsed.fileSystems().get(d);
                    if (fs == null) {
                        fs = st.sizes.get(d);
                    }
                    if (fs != null) {
                        sizes.put(d, fs);
                    }
                }
                st.sizes = sizes;
                st.directories = directories;
                st.refreshedAtRead = number;
                String detail = "df of " + directories.size() + " data director" + (directories.size() == 1 ? "y" : "ies")
                        + " in " + r.took().toMillis() + " ms"
                        + (parsed.errors().isEmpty() ? "" : "; no size for " + parsed.errors().size() + ": "
                        + parsed.errors().entrySet().iterator().next().getValue());
                after = new HostCheck(host, State.OK, Optional.of(clock.instant()), detail, Optional.empty());
            }
        } catch (HostShellException e) {
            after = new HostCheck(host, state(e.failure()), Optional.of(clock.instant()), e.detail(), e.presentedKey());
        } catch (RuntimeException e) {
            after = new HostCheck(host, State.COMMAND_FAILED, Optional.of(clock.instant()), e.toString(), Optional.empty());
        }
        st.last = after;
        logChange(before, after);
    }

    private void logChange(HostCheck before, HostCheck after) {
        if (!logChanges || before.state() == after.state()) {
            return;
        }
        if (after.state() == State.OK) {
            if (before.state() != State.CHECKING) {
                log.info("{}: {} answers over SSH again ({})", cluster, after.host(), after.detail());
            }
        } else if (after.state().isSecurityProblem()) {
            log.error("{}: SECURITY: {}: {}: {}", cluster, after.host(), after.state().label(), after.detail());
        } else {
            log.warn("{}: {}: {}: {}", cluster, after.host(), after.state().label(), after.detail());
        }
    }

    static State state(HostShellException.Failure f) {
        return switch (f) {
            case UNREACHABLE -> State.UNREACHABLE;
            case HOST_KEY_MISMATCH -> State.HOST_KEY_MISMATCH;
            case HOST_KEY_UNKNOWN -> State.HOST_KEY_UNKNOWN;
            case LOGIN_REJECTED -> State.LOGIN_REJECTED;
            case TIMED_OUT, CONNECTION_LOST -> State.COMMAND_FAILED;
        };
    }

    /** Every host of the catalog with its data directories, sorted (so "changed" is a plain comparison). */
    static Map<String, List<String>> directoriesByHost(CatalogSnapshot catalog) {
        Map<String, TreeSet<String>> byHost = new TreeMap<>();
        for (Segment s : catalog.segments()) {
            if (s.hostname() == null || s.datadir() == null || s.datadir().isBlank()) {
                continue;
            }
            byHost.computeIfAbsent(s.hostname(), h -> new TreeSet<>()).add(s.datadir());
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        byHost.forEach((h, dirs) -> out.put(h, new ArrayList<>(dirs)));
        return out;
    }

    private static boolean anyDown(CatalogSnapshot catalog, String host) {
        return catalog.segments().stream().anyMatch(s -> host.equals(s.hostname()) && !s.isUp());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
