package io.gpwarden.coordination.etcd;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.gpwarden.coordination.CoordinationException;
import io.gpwarden.coordination.Snapshot;
import io.gpwarden.coordination.Watch;
import io.gpwarden.coordination.WatchEvent;
import io.gpwarden.coordination.WatchListener;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prefix watch that never goes silent. jetcd resumes a watch by itself after some errors, but
 * ends it quietly after others (a compaction, a halt error, a stream that just completes); so this
 * class owns the resumption instead: every jetcd watcher it opens is used until its first error or
 * end, then closed and replaced.
 *
 * <p>Steps, all on this watch's single thread (so events reach the listener one at a time, in order):
 * <ol>
 *   <li>Open a jetcd watcher on the prefix from {@code next}, the first revision not yet delivered.</li>
 *   <li>Deliver each event whose revision is at least {@code next}, then advance {@code next} past
 *       it (an event seen twice across a reconnect is dropped, none is skipped). A progress
 *       notification advances {@code next} to its header revision + 1.</li>
 *   <li>On an error or an unexpected end: deliver {@link WatchEvent.Disconnected} (once per
 *       outage), close the watcher, and open a new one from {@code next} after a back-off
 *       (0.5 s doubling to 5 s), so a dead etcd costs one attempt every 5 s, never a tight loop.</li>
 *   <li>If etcd compacted {@code next} away: read the prefix whole and deliver it as
 *       {@link WatchEvent.Resync}, then watch from the read's revision + 1.</li>
 * </ol>
 */
final class EtcdWatch implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final EtcdCoordinator store;
    private final io.etcd.jetcd.Watch client;
    private final String prefix;
    private final WatchListener listener;
    private final Consumer<EtcdWatch> onClose;
    private final ScheduledExecutorService thread;

    // Confined to `thread`.
    private long next;
    private int generation;
    private io.etcd.jetcd.Watch.Watcher watcher;
    private boolean disconnected;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private volatile boolean closed;

    EtcdWatch(EtcdCoordinator store, io.etcd.jetcd.Watch client, String prefix, long fromRevision,
              WatchListener listener, Consumer<EtcdWatch> onClose) {
        this.store = store;
        this.client = client;
        this.prefix = prefix;
        this.listener = listener;
        this.onClose = onClose;
        this.next = Math.max(1, fromRevision);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName());
            t.setDaemon(true);
            return t;
        });
    }

    private String threadName() {
        return "gpwarden-watch " + prefix + " " + Integer.toHexString(System.identityHashCode(this));
    }

    void start() {
        thread.execute(this::open);
    }

    private void open() {
        if (closed) {
            return;
        }
        int gen = ++generation;
        WatchOption option = WatchOption.builder()
                .isPrefix(true)
                .withRevision(next)
                .withProgressNotify(true)
                .build();
        try {
            watcher = client.watch(EtcdCoordinator.bytes(prefix), option, io.etcd.jetcd.Watch.listener(
                    response -> onThread(gen, () -> onResponse(response)),
                    error -> onThread(gen, () -> onError(error)),
                    () -> onThread(gen, () -> onEnd("the watch stream ended"))));
        } catch (RuntimeException e) {
            onError(e);
        }
    }

    private void onThread(int gen, Runnable action) {
        if (closed) {
            return;
        }
        try {
            thread.execute(() -> {
                if (!closed && gen == generation) {
                    action.run();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // Closed meanwhile.
        }
    }

    private void onResponse(WatchResponse response) {
        if (disconnected) {
            disconnected = false;
            LOG.info("watch {}: receiving again from revision {}", prefix, next);
        }
        backoffMillis = FIRST_BACKOFF_MILLIS;
        if (response.isProgressNotify() && response.getEvents().isEmpty()) {
            next = Math.max(next, response.getHeader().getRevision() + 1);
            return;
        }
        for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
            long revision = e.getKeyValue().getModRevision();
            if (revision < next) {
                continue;
            }
            WatchEvent event = switch (e.getEventType()) {
                case PUT -> new WatchEvent.Put(EtcdCoordinator.entry(e.getKeyValue()));
                case DELETE -> new WatchEvent.Delete(e.getKeyValue().getKey().toString(java.nio.charset.StandardCharsets.UTF_8),
                        revision);
                default -> null;
            };
            if (event != null) {
                deliver(event);
            }
            next = revision + 1;
        }
    }

    private void onError(Throwable error) {
        if (isCompaction(error)) {
            abandonWatcher();
            resync("etcd compacted revision " + next + " away before this watch resumed");
            return;
        }
        CoordinationException c = store.classify("watching " + prefix, error);
        onEnd(c.getMessage(), c.condition());
    }

    private void onEnd(String reason) {
        onEnd(reason, CoordinationException.Condition.UNREACHABLE);
    }

    private void onEnd(String reason, CoordinationException.Condition condition) {
        abandonWatcher();
        if (!disconnected) {
            disconnected = true;
            LOG.warn("watch {}: {}; resuming from revision {}", prefix, reason, next);
            deliver(new WatchEvent.Disconnected(condition, reason, next - 1));
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        schedule(this::open, delay);
    }

    private void resync(String reason) {
        if (closed) {
            return;
        }
        Snapshot snapshot;
        try {
            snapshot = store.list(prefix);
        } catch (CoordinationException e) {
            if (!disconnected) {
                disconnected = true;
                deliver(new WatchEvent.Disconnected(e.condition(), e.getMessage(), next - 1));
            }
            long delay = backoffMillis;
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            schedule(() -> resync(reason), delay);
            return;
        }
        LOG.warn("watch {}: {}; re-read {} keys at revision {}", prefix, reason, snapshot.entries().size(),
                snapshot.revision());
        disconnected = false;
        backoffMillis = FIRST_BACKOFF_MILLIS;
        deliver(new WatchEvent.Resync(snapshot, reason));
        next = snapshot.revision() + 1;
        open();
    }

    private void schedule(Runnable action, long delayMillis) {
        if (closed) {
            return;
        }
        try {
            thread.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // Closed meanwhile.
        }
    }

    private void abandonWatcher() {
        generation++;
        io.etcd.jetcd.Watch.Watcher w = watcher;
        watcher = null;
        if (w != null) {
            try {
                w.close();
            } catch (RuntimeException e) {
                LOG.debug("watch {}: closing a failed watcher: {}", prefix, e.toString());
            }
        }
    }

    private void deliver(WatchEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("watch {}: the listener failed on {}; going on with the next event", prefix, event, e);
        }
    }

    private static boolean isCompaction(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CompactedException || String.valueOf(t.getMessage()).contains("compacted")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread().getName().equals(threadName())) {
            abandonWatcher(); // closed by the listener itself, on this watch's thread
        } else {
            try {
                thread.submit(this::abandonWatcher).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("watch {}: close: {}", prefix, e.toString());
            }
        }
        thread.shutdownNow();
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "EtcdWatch[" + prefix + " from " + next + "]";
    }

}
