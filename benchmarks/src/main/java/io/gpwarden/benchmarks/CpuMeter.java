package io.gpwarden.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time spent by each part of a benchmark run, read from /proc (clock ticks, 100 per second
 * on Linux): the client the harness started and reaped (the agent JVM or psql: the harness's
 * {@code cutime + cstime}), the PostgreSQL server (postmaster, its live children, and the
 * children it reaped, so a backend that exited still counts), the Kafka broker, the harness
 * itself, and the whole machine. Whatever the machine spent beyond those is other work sharing
 * it (other engineers' builds), reported so a noisy figure can be recognised as such.
 *
 * <p>A {@link Sample} is taken before and after one contender; the difference is its cost.
 * The client's share counts only processes reaped between the samples, so take the second
 * sample after the client exited.
 */
final class CpuMeter {
    private static final double TICK_SECONDS = 0.01;

    private final long postmasterPid;
    private final OptionalLong brokerPid;

    CpuMeter(long postmasterPid, OptionalLong brokerPid) {
        this.postmasterPid = postmasterPid;
        this.brokerPid = brokerPid;
    }

    /** Clock ticks per component at one instant. */
    record Sample(long nanos, long machine, long client, long postgres, long broker, long harness, int backends) {
    }

    /** CPU seconds per component between two samples. */
    record Use(double seconds, double client, double postgres, double broker, double harness, double machine) {
        double other() {
            return Math.max(0, machine - client - postgres - broker - harness);
        }

        /** Microseconds of CPU per row for {@code cpuSeconds}. */
        static double perRow(double cpuSeconds, long rows) {
            return cpuSeconds * 1e6 / rows;
        }

        /** "client 1.23 / postgres 1.40 / broker 0.20 µs per row; others 0.3 cores". */
        String describe(long rows) {
            return String.format("%.2f / %.2f / %.2f", perRow(client, rows), perRow(postgres, rows), perRow(broker, rows));
        }

        /** Average cores busy with work outside this benchmark during the interval. */
        double otherCores() {
            return seconds <= 0 ? 0 : other() / seconds;
        }
    }

    Sample sample() {
        long[] self = times(Path.of("/proc/self/stat"));
        long[] pm = times(Path.of("/proc", Long.toString(postmasterPid), "stat"));
        long pg = pm[0] + pm[1] + pm[2] + pm[3];
        int children = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                long[] t = times(p.resolve("stat"));
                if (t[4] == postmasterPid) {
                    pg += t[0] + t[1] + t[2] + t[3];
                    children++;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        long broker = 0;
        if (brokerPid.isPresent()) {
            long[] b = times(Path.of("/proc", Long.toString(brokerPid.getAsLong()), "stat"));
            broker = b[0] + b[1] + b[2] + b[3];
        }
        return new Sample(System.nanoTime(), machineBusy(), self[2] + self[3], pg, broker, self[0] + self[1], children);
    }

    /**
     * A sample taken once the server is back to as many processes as at {@code before}: a
     * backend whose client just left is still exiting for a moment, and while it does, its CPU
     * time is visible neither in its own /proc entry nor in the postmaster's reaped children.
     */
    Sample settledSample(Sample before) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        Sample s = sample();
        while (s.backends() > before.backends() && System.nanoTime() < until) {
            Thread.sleep(20);
            s = sample();
        }
        Thread.sleep(50);
        return sample();
    }

    static Use between(Sample a, Sample b) {
        return new Use((b.nanos() - a.nanos()) / 1e9, (b.client() - a.client()) * TICK_SECONDS,
                (b.postgres() - a.postgres()) * TICK_SECONDS, (b.broker() - a.broker()) * TICK_SECONDS,
                (b.harness() - a.harness()) * TICK_SECONDS, (b.machine() - a.machine()) * TICK_SECONDS);
    }

    /** utime, stime, cutime, cstime, ppid of a process; zeros when it is gone. */
    private static long[] times(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]),
                    Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return new long[5];
        }
    }

    /** Busy ticks of all CPUs together (user, nice, system, irq, softirq, steal). */
    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return -1;
        }
    }
}
