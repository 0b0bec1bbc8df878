package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.coordination.KeySpace;
import io.gpwarden.coordination.Leadership;
import io.gpwarden.coordination.LeaseTiming;
import io.gpwarden.coordination.Ticker;
import io.gpwarden.testcluster.process.ClassPath;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A leader whose whole process is SIGSTOPped past its TTL (a paging freeze, a stopped VM): while
 * it is stopped another process wins; when it is continued its first tick must say LOST without
 * acting, and every moment it called itself leader must lie before its deadline, which itself lies
 * at least the margin before the other process won.
 */
class FrozenHolderIT {
    private static final Duration TTL = Duration.ofSeconds(4);
    private static final Duration MARGIN = Duration.ofSeconds(1);
    private static final Duration CALL = Duration.ofSeconds(2);

    @RegisterExtension
    static final SharedEtcd ETCD = new SharedEtcd();

    /** One line of {@link LeaseHolderProcess}. */
    record Tick(Leadership.State state, long epoch, long now, long deadline, String sentence) {
        static Tick parse(String line) {
            String[] p = line.split(" ", 5);
            return new Tick(Leadership.State.valueOf(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]),
                    Long.parseLong(p[3]), p.length > 4 ? p[4] : "");
        }
    }

    @Test
    void aHolderStoppedPastItsTtlSaysLostOnItsFirstTickAndNeverLedPastItsDeadline() throws Exception {
        String key = new KeySpace("c" + UUID.randomUUID().toString().substring(0, 8)).controllerLeader();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = String.join(File.pathSeparator,
                ClassPath.ofThisJvm().entries().stream().map(Path::toString).toList());
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", classPath, LeaseHolderProcess.class.getName(),
                ETCD.cluster().endpoints(), key, Long.toString(TTL.toMillis()), Long.toString(MARGIN.toMillis()),
                Long.toString(CALL.toMillis()))
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the child ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<Tick> ticks = new ArrayList<>();
        try (EtcdCoordinator store = WarmClients.connect(EtcdSettings.plain(WarmClients.endpoints(ETCD.cluster()))
                .withTimings(CALL, TTL, MARGIN))) {
            Leadership other = new Leadership(store, key, "{\"v\":1,\"controller\":\"other\"}",
                    new LeaseTiming(TTL, MARGIN, TTL.minus(MARGIN)), Ticker.SYSTEM);
            awaitTick(lines, ticks, Leadership.State.LEADER, 90);

            signal(child.pid(), "STOP");
            long wonAt = -1;
            long giveUp = System.nanoTime() + 60_000_000_000L;
            while (wonAt < 0 && System.nanoTime() < giveUp) {
                if (other.renewOrCampaign().isLeader()) {
                    wonAt = System.nanoTime();
                }
                Thread.sleep(100);
            }
            lines.drainTo(new ArrayList<>()); // nothing can have been printed while stopped
            signal(child.pid(), "CONT");
            Tick lost = awaitTick(lines, ticks, Leadership.State.LOST, 30);

            Tick lastLeader = ticks.stream().filter(t -> t.state() == Leadership.State.LEADER)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(wonAt).isPositive();
            assertThat(lastLeader.deadline() + MARGIN.toNanos()).isLessThanOrEqualTo(wonAt);
            assertThat(ticks).filteredOn(t -> t.state() == Leadership.State.LEADER)
                    .allMatch(t -> t.now() < t.deadline());
            assertThat(ticks.get(ticks.indexOf(lastLeader) + 1)).isEqualTo(lost);
            assertThat(lost.sentence()).contains("after the lease deadline");
            assertThat(other.isLeader()).isTrue();
        } finally {
            signal(child.pid(), "CONT");
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Tick awaitTick(BlockingQueue<String> lines, List<Tick> ticks, Leadership.State state, int seconds)
            throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            String line = lines.poll(500, TimeUnit.MILLISECONDS);
            if (line == null || !line.matches("[A-Z]+ \\d+ \\d+ \\d+.*")) {
                continue;
            }
            Tick t = Tick.parse(line);
            ticks.add(t);
            if (t.state() == state) {
                return t;
            }
        }
        throw new AssertionError("the holder never printed " + state + "; it printed " + ticks);
    }

    private static void signal(long pid, String signal) throws Exception {
        new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    }
}
