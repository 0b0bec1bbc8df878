package io.gpwarden.alerts.delivery;

import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.config.DeliveryPolicy;
import io.gpwarden.alerts.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the outbox holds, one worker thread per channel, so a dead SMTP server never
 * delays SNMP, and nothing here ever blocks the caller of {@link #submit}.
 *
 * <p>Per channel, in order: take the oldest queued notification; skip the attempt while the
 * circuit breaker is open; deliver; on success mark it delivered in the outbox (and only then
 * drop it from the queue); on a transient or configuration failure keep it at the head and
 * retry after an exponential backoff with jitter; after {@code breakerFailures} failures in a
 * row open the breaker for {@code breakerOpenFor}; on a permanent failure mark it failed and go
 * on. Order within a channel is kept, so a RESOLVED never overtakes its OPENED.
 *
 * <p>Invariant: a notification is attempted only after it is durable in the outbox, and is
 * never attempted again once the outbox has marked it delivered.
 */
public final class DeliveryService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final Outbox outbox;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final DeliveryListener listener;
    private final RandomGenerator random;
    private final Map<String, Worker> workers = new LinkedHashMap<>();

    public DeliveryService(Outbox outbox, Map<String, Alerter> alerters, DeliveryPolicy policy, Clock clock,
                           DeliveryListener listener, RandomGenerator random) {
        this.outbox = outbox;
        this.policy = policy;
        this.clock = clock;
        this.listener = listener;
        this.random = random;
        alerters.forEach((name, alerter) -> workers.put(name, new Worker(name, alerter)));
    }

    /**
     * Queues what the outbox still holds from before (a restart). Notifications for channels no
     * longer configured are marked failed: nobody could ever deliver them.
     */
    public void resumePending() {
        for (Notification n : outbox.pending()) {
            Worker worker = workers.get(n.channel());
            if (worker == null) {
                log.warn("alert {} is for channel '{}', which is no longer configured; giving it up", n.id(),
                        n.channel());
                outbox.markFailed(n.id(), "channel no longer configured");
            } else {
                worker.submit(n);
            }
        }
    }

    /** Queues notifications already committed to the outbox. Returns at once. */
    public void submit(List<Notification> notifications) {
        for (Notification n : notifications) {
            Worker worker = workers.get(n.channel());
            if (worker == null) {
                outbox.markFailed(n.id(), "channel not configured");
                log.warn("alert {} is for unknown channel '{}'; giving it up", n.id(), n.channel());
            } else {
                worker.submit(n);
            }
        }
    }

    public Map<String, ChannelStatus> status() {
        Map<String, ChannelStatus> out = new LinkedHashMap<>();
        workers.forEach((name, worker) -> out.put(name, worker.status()));
        return out;
    }

    /** Stops the workers (waiting up to {@code grace} for an attempt in flight) and closes the alerters. */
    public void close(Duration grace) {
        for (Worker worker : workers.values()) {
            worker.shutdown();
        }
        for (Worker worker : workers.values()) {
            worker.awaitAndClose(grace);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** Backoff before attempt number {@code failures + 1}: doubling, capped, with ±jitter. */
    Duration backoff(int failures, DeliveryException.Kind kind) {
        double base = policy.initialBackoff().toMillis() * Math.pow(2, Math.max(0, failures - 1));
        base = Math.min(base, policy.maxBackoff().toMillis());
        double spread = 1 + policy.jitter() * (2 * random.nextDouble() - 1);
        long millis = Math.round(base * spread);
        if (kind == DeliveryException.Kind.CONFIGURATION) {
            millis = Math.max(millis, policy.configErrorBackoff().toMillis());
        }
        return Duration.ofMillis(Math.max(1, millis));
    }

    /** One channel: its queue, breaker and thread. Queue and counters are guarded by {@code this}. */
    private final class Worker {
        private final String channel;
        private final Alerter alerter;
        private final ScheduledExecutorService executor;
        private final Deque<Notification> queue = new ArrayDeque<>();
        private final Set<String> queuedIds = new HashSet<>();
        private ScheduledFuture<?> scheduled;
        private boolean closed;
        private int failures;
        private String lastError = "";
        private DeliveryException.Kind lastErrorKind;
        private long delivered;
        private long failed;
        private Instant lastDeliveredAt;
        private Instant breakerOpenUntil;
        private ChannelStatus.State state = ChannelStatus.State.HEALTHY;
        /** False until the first outcome was reported, so a restart clears a stale "failing" incident. */
        private boolean reported;

        Worker(String channel, Alerter alerter) {
            this.channel = channel;
            this.alerter = alerter;
            this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gpwarden-alerts-" + channel);
                t.setDaemon(true);
                return t;
            });
        }

        synchronized void submit(Notification n) {
            if (closed || !queuedIds.add(n.id())) {
                return;
            }
            queue.addLast(n);
            if (scheduled == null) {
                scheduled = executor.schedule(this::runOnce, 0, TimeUnit.MILLISECONDS);
            }
        }

        private void runOnce() {
            Notification head;
            synchronized (this) {
                head = closed ? null : queue.peekFirst();
            }
            long delayMillis = head == null ? 0 : attempt(head);
            synchronized (this) {
                if (closed || queue.isEmpty()) {
                    scheduled = null;
                    return;
                }
                scheduled = executor.schedule(this::runOnce, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        /** Tries the head once; returns how long to wait before the next attempt. */
        private long attempt(Notification n) {
            Instant now = clock.instant();
            if (breakerOpenUntil != null && now.isBefore(breakerOpenUntil)) {
                return Math.max(1, Duration.between(now, breakerOpenUntil).toMillis());
            }
            try {
                DeliveryReceipt receipt = alerter.deliver(n);
                try {
                    outbox.markDelivered(n.id());
                } catch (RuntimeException e) {
                    // Sent but not recorded: this process will not send it again; a restart might.
                    log.error("alert {} was delivered but could not be marked delivered: {}", n.id(), e.getMessage());
                }
                log.info("alert {} {} delivered on channel {}: {}", n.id(), n.transition(), channel, receipt.detail());
                onSuccess(n);
                return 0;
            } catch (DeliveryException e) {
                return onFailure(n, e);
            } catch (RuntimeException e) {
                return onFailure(n, new DeliveryException(DeliveryException.Kind.TRANSIENT,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), e));
            }
        }

        private void onSuccess(Notification n) {
            boolean recovered;
            synchronized (this) {
                queue.remove(n);
                queuedIds.remove(n.id());
                delivered++;
                lastDeliveredAt = clock.instant();
                failures = 0;
                breakerOpenUntil = null;
                recovered = state != ChannelStatus.State.HEALTHY || !reported;
                reported = true;
                state = ChannelStatus.State.HEALTHY;
            }
            if (recovered) {
                log.info("alert channel {} delivers", channel);
                notifyListener();
            }
        }

        private long onFailure(Notification n, DeliveryException e) {
            if (e.kind() == DeliveryException.Kind.PERMANENT) {
                log.error("alert {} can never be delivered on channel {}: {}; giving it up", n.id(), channel,
                        e.getMessage());
                outbox.markFailed(n.id(), e.getMessage());
                synchronized (this) {
                    queue.remove(n);
                    queuedIds.remove(n.id());
                    failed++;
                    lastError = e.getMessage();
                    lastErrorKind = e.kind();
                }
                return 0;
            }
            ChannelStatus.State before;
            long delay;
            synchronized (this) {
                before = reported ? state : null;
                reported = true;
                failures++;
                lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                lastErrorKind = e.kind();
                delay = backoff(failures, e.kind()).toMillis();
                if (failures >= policy.breakerFailures()) {
                    breakerOpenUntil = clock.instant().plus(policy.breakerOpenFor());
                    delay = Math.max(delay, policy.breakerOpenFor().toMillis());
                    state = ChannelStatus.State.BREAKER_OPEN;
                } else {
                    state = ChannelStatus.State.RETRYING;
                }
            }
            log.warn("alert {} on channel {} failed ({} {}, attempt {}); next try in {} ms", n.id(), channel,
                    e.kind(), lastError, failures, delay);
            if (before != state) {
                notifyListener();
            }
            return delay;
        }

        private void notifyListener() {
            try {
                listener.channelChanged(status());
            } catch (RuntimeException e) {
                log.error("alert channel listener failed for {}: {}", channel, e.toString());
            }
        }

        synchronized ChannelStatus status() {
            return new ChannelStatus(channel, state, failures, lastError, lastErrorKind, queue.size(), delivered,
                    failed, lastDeliveredAt, breakerOpenUntil);
        }

        void shutdown() {
            synchronized (this) {
                closed = true;
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
            executor.shutdown();
        }

        void awaitAndClose(Duration grace) {
            try {
                if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
            try {
                alerter.close();
            } catch (Exception e) {
                log.warn("closing alert channel {} failed: {}", channel, e.toString());
            }
        }
    }
}
