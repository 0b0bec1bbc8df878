package io.gpwarden.coordination.etcd;

import io.gpwarden.coordination.Entry;
import io.gpwarden.coordination.Snapshot;
import io.gpwarden.coordination.WatchEvent;
import io.gpwarden.coordination.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a watcher knows of a prefix, built only from the events it received (and the events themselves). */
final class PrefixView implements WatchListener {
    private final Map<String, String> values = new TreeMap<>();
    private final List<WatchEvent> events = new ArrayList<>();

    PrefixView(Snapshot start) {
        start.entries().forEach(e -> values.put(e.key(), e.value()));
    }

    @Override
    public synchronized void onEvent(WatchEvent event) {
        events.add(event);
        if (event instanceof WatchEvent.Put p) {
            values.put(p.entry().key(), p.entry().value());
        } else if (event instanceof WatchEvent.Delete d) {
            values.remove(d.key());
        } else if (event instanceof WatchEvent.Resync r) {
            values.clear();
            r.snapshot().entries().forEach(e -> values.put(e.key(), e.value()));
        }
        notifyAll();
    }

    synchronized Map<String, String> values() {
        return Map.copyOf(values);
    }

    synchronized List<WatchEvent> events() {
        return List.copyOf(events);
    }

    /** Waits (up to {@code seconds}) until the view equals {@code expected}; true if it did. */
    synchronized boolean awaitEquals(Snapshot expected, int seconds) throws InterruptedException {
        Map<String, String> want = new TreeMap<>();
        for (Entry e : expected.entries()) {
            want.put(e.key(), e.value());
        }
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!values.equals(want)) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
