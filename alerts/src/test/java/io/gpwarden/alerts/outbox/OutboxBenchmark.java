package io.gpwarden.alerts.outbox;

import io.gpwarden.alerts.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * How fast the file outbox commits (one fsync each), marks delivered, replays and compacts.
 * Run: see docs/benchmarks.md ("Alerts"). Not a test: it measures, it does not assert.
 */
public final class OutboxBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("gpwarden-outbox-bench");
        try {
            long t0 = System.nanoTime();
            try (FileOutbox outbox = FileOutbox.open(dir, Integer.MAX_VALUE, 1_000_000)) {
                for (int i = 0; i < n; i++) {
                    outbox.commit(Fixtures.opened("inc-" + i, 3, "mail", "snmp"));
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    outbox.markDelivered("inc-" + i + "/1/mail");
                }
                long t2 = System.nanoTime();
                report("commit (2 notifications, fsync)", n, t1 - t0);
                report("markDelivered (fsync)", n, t2 - t1);
            }
            long size = Files.size(dir.resolve(FileOutbox.JOURNAL));
            long t3 = System.nanoTime();
            try (FileOutbox outbox = FileOutbox.open(dir, Integer.MAX_VALUE, 1_000_000)) {
                long t4 = System.nanoTime();
                report("replay of a " + (size / 1024) + " KiB journal, " + (2 * n) + " lines", 1, t4 - t3);
                System.out.printf("  pending after replay: %d%n", outbox.pending().size());
                long t5 = System.nanoTime();
                outbox.compact();
                long t6 = System.nanoTime();
                report("compaction to " + (Files.size(dir.resolve(FileOutbox.JOURNAL)) / 1024) + " KiB", 1, t6 - t5);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, int count, long nanos) {
        double ms = nanos / 1e6;
        System.out.printf("%-50s %8.1f ms total, %8.3f ms each, %8.0f /s%n", what, ms, ms / count, count / (ms / 1000));
    }
}
