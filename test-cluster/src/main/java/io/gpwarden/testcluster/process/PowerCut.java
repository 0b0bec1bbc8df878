package io.gpwarden.testcluster.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kills a set of process trees at one instant, as a power loss would: nothing in the set sees
 * another member die first, and nothing in it can fork a survivor while the cut is under way.
 *
 * <p>How: {@link #freeze} stops a root (verified by its marker, as every signal in this package
 * is) with SIGSTOP, waits until the kernel shows it stopped, then walks down its children the same
 * way, level by level, keeping those the {@link Membership} selects. A process that is stopped
 * cannot fork, so the walk sees every process of the tree; and a stopped parent cannot reap its
 * children, so no PID of the walk can be reused by another process before {@link #kill} sends
 * SIGKILL to all of them. Processes the membership leaves out are never signalled.
 *
 * <p>Use: freeze every tree of the host, then kill. A failure while freezing (an interrupt)
 * still kills what was frozen, which would otherwise stay stopped for ever.
 */
public final class PowerCut {
    /** How long a process may take to show itself stopped after SIGSTOP (a busy 2-core machine). */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    /** Which children of a frozen process go down with it. */
    @FunctionalInterface
    public interface Membership {
        /** Every descendant. */
        Membership ALL = (parent, child) -> true;

        boolean belongs(ProcStat parent, ProcStat child);
    }

    private final Map<Long, ProcStat> frozen = new LinkedHashMap<>();

    /**
     * Stops {@code root} (if it still matches {@code marker}) and the descendants {@code membership}
     * selects, level by level. Returns false (and stops nothing) when the root is not running.
     */
    public boolean freeze(long root, String marker, Membership membership) {
        if (!ProcessTable.matches(root, marker)) {
            return false;
        }
        try {
            List<ProcStat> level = stop(List.of(root));
            while (!level.isEmpty()) {
                List<Long> next = new ArrayList<>();
                for (ProcStat parent : level) {
                    ProcessHandle.of(parent.pid()).ifPresent(h -> h.children().forEach(c -> ProcStat.read(c.pid())
                            .filter(child -> !frozen.containsKey(child.pid()) && membership.belongs(parent, child))
                            .ifPresent(child -> next.add(child.pid()))));
                }
                level = stop(next);
            }
            return true;
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    /** SIGKILL to every frozen process; returns their PIDs (the caller may wait for them to exit). */
    public List<Long> kill() {
        List<Long> pids = new ArrayList<>(frozen.keySet());
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        frozen.clear();
        return pids;
    }

    /** SIGSTOP to {@code pids}, then waits until each shows stopped; returns those that are. */
    private List<ProcStat> stop(List<Long> pids) {
        if (pids.isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(List.of("kill", "-s", "STOP"));
        pids.forEach(p -> argv.add(Long.toString(p)));
        // a process that exited meanwhile makes kill exit 1: that one simply drops out below
        ExternalCommand.run(argv, Duration.ofSeconds(10));
        List<ProcStat> out = new ArrayList<>();
        for (long pid : pids) {
            awaitHalted(pid).ifPresent(s -> {
                frozen.put(pid, s);
                out.add(s);
            });
        }
        return out;
    }

    /**
     * The process once it shows stopped, or empty when it is gone. One that does not stop in time
     * (asleep in the kernel) is still returned: it goes down with the rest.
     */
    private static Optional<ProcStat> awaitHalted(long pid) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (true) {
            Optional<ProcStat> s = ProcStat.read(pid);
            if (s.isEmpty() || s.get().isHalted() || System.nanoTime() > deadline) {
                return s;
            }
            Pause.millis(1);
        }
    }
}
