package io.gpwarden.coordination.etcd;

import io.gpwarden.coordination.Leadership;
import io.gpwarden.coordination.LeaseTiming;
import io.gpwarden.coordination.Ticker;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

/**
 * A leader in its own JVM, for {@code FrozenHolderIT} to SIGSTOP: ticks every 200 ms and prints one
 * line per tick, {@code STATE epoch nowNanos deadlineNanos sentence}, on the shared monotonic clock
 * (System.nanoTime is CLOCK_MONOTONIC, the same for every process of the machine). Exits after its
 * first LOST, or after 120 s.
 *
 * <p>Arguments: endpoints (comma-separated), key, TTL ms, margin ms, call timeout ms.
 */
public final class LeaseHolderProcess {
    private LeaseHolderProcess() {
    }

    public static void main(String[] args) throws Exception {
        Duration ttl = Duration.ofMillis(Long.parseLong(args[2]));
        Duration margin = Duration.ofMillis(Long.parseLong(args[3]));
        Duration call = Duration.ofMillis(Long.parseLong(args[4]));
        EtcdSettings settings = EtcdSettings.plain(Arrays.stream(args[0].split(",")).map(URI::create).toList())
                .withTimings(call, ttl, margin);
        try (EtcdCoordinator store = WarmClients.connect(settings)) {
            Leadership leadership = new Leadership(store, args[1], "{\"v\":1,\"controller\":\"frozen\"}",
                    new LeaseTiming(ttl, margin, ttl.minus(margin)), Ticker.SYSTEM);
            long giveUp = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < giveUp) {
                Leadership.Status s = leadership.renewOrCampaign();
                long deadline = leadership.current().map(Leadership.Term::deadlineNanos).orElse(0L);
                System.out.println(s.state() + " " + s.epoch() + " " + System.nanoTime() + " " + deadline + " "
                        + s.sentence());
                System.out.flush();
                if (s.state() == Leadership.State.LOST) {
                    return;
                }
                Thread.sleep(200);
            }
        }
    }
}
