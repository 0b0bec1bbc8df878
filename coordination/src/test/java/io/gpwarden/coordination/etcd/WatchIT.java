package io.gpwarden.coordination.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.coordination.Coordinator;
import io.gpwarden.coordination.CoordinationException;
import io.gpwarden.coordination.KeySpace;
import io.gpwarden.coordination.Snapshot;
import io.gpwarden.coordination.Watch;
import io.gpwarden.coordination.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A watcher whose only etcd member is killed while others write: after the restart it must
 * deliver every event it missed, in order, once; or, when the missed revisions were compacted
 * meanwhile, a resync holding the whole prefix. Never silence.
 */
class WatchIT {
    private static final int WRITES = 40;
    @RegisterExtension
    static final SharedEtcd ETCD = new SharedEtcd();
    private EtcdCoordinator watcher;
    private EtcdCoordinator writer;
    private KeySpace keys;

    @BeforeEach
    void clients() {
        keys = new KeySpace("c" + UUID.randomUUID().toString().substring(0, 8));
        watcher = WarmClients.connect(EtcdSettings.plain(WarmClients.endpoints(ETCD.cluster(), 0)));
        writer = WarmClients.connect(EtcdSettings.plain(WarmClients.endpoints(ETCD.cluster(), 1, 2)));
    }

    @AfterEach
    void close() {
        watcher.close();
        writer.close();
    }

    /** Writes through the surviving members, trying again while they elect a new leader. */
    private static <T> T retrying(Supplier<T> write) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (CoordinationException e) {
                if (attempt == 30) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private List<Long> writeJobs(int from, int count) throws InterruptedException {
        List<Long> revisions = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String key = keys.job("j" + i);
            String value = "{\"v\":1,\"n\":" + i + "}";
            revisions.add(retrying(() -> writer.put(key, value, Coordinator.NO_LEASE)));
        }
        return revisions;
    }

    @Test
    void everyEventWrittenWhileTheWatchersMemberWasDeadArrivesOnceInOrderAfterItRestarts() throws Exception {
        Snapshot start = watcher.list(keys.jobsPrefix());
        PrefixView view = new PrefixView(start);
        try (Watch w = watcher.watch(keys.jobsPrefix(), start.revision() + 1, view)) {
            List<Long> before = writeJobs(0, 5);
            ETCD.cluster().kill(0);
            List<Long> during = writeJobs(5, WRITES);
            ETCD.cluster().restart(0);
            List<Long> after = writeJobs(5 + WRITES, 5);

            assertThat(view.awaitEquals(writer.list(keys.jobsPrefix()), 60)).isTrue();
            List<Long> written = new ArrayList<>(before);
            written.addAll(during);
            written.addAll(after);
            List<Long> delivered = view.events().stream().filter(e -> e instanceof WatchEvent.Put)
                    .map(WatchEvent::revision).toList();
            assertThat(delivered).containsExactlyElementsOf(written);
            assertThat(view.events()).anyMatch(e -> e instanceof WatchEvent.Disconnected);
            assertThat(view.events()).noneMatch(e -> e instanceof WatchEvent.Resync);
        }
    }

    @Test
    void aWatchThatCannotResumeBecauseTheMissedRevisionsWereCompactedDeliversAResyncOfTheWholePrefix()
            throws Exception {
        Snapshot start = watcher.list(keys.jobsPrefix());
        PrefixView view = new PrefixView(start);
        try (Watch w = watcher.watch(keys.jobsPrefix(), start.revision() + 1, view)) {
            writeJobs(0, 5);
            ETCD.cluster().kill(0);
            List<Long> during = writeJobs(5, WRITES / 2);
            retrying(() -> writer.delete(keys.job("j0")));
            writer.compact(during.get(during.size() - 1));
            writeJobs(5 + WRITES / 2, WRITES / 2);
            ETCD.cluster().restart(0);

            assertThat(view.awaitEquals(writer.list(keys.jobsPrefix()), 60)).isTrue();
            assertThat(view.events()).anyMatch(e -> e instanceof WatchEvent.Resync);
            assertThat(view.values()).doesNotContainKey(keys.job("j0")).hasSize(4 + WRITES);
        }
    }
}
