package io.gpwarden.agent.sink;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets batches into the database, or holds them while the coordinator fails over. Shaped like
 * HikariCP's SuspendResumeLock: the hot path always calls {@link #enter()} and {@link #leave()};
 * the gate that never closes is a null object ({@link #ALWAYS_OPEN}), so there is no
 * {@code if (enabled)} on the hot path. The closable gate is a fair semaphore: {@link #close}
 * takes every permit, waiting for the batch in flight to finish (commit or roll back), and
 * {@link #open()} gives them back.
 */
public interface IngestGate {

    /** Blocks while the gate is closed. */
    void enter() throws InterruptedException;

    void leave();

    /** A gate that never closes. */
    IngestGate ALWAYS_OPEN = new IngestGate() {
        @Override
        public void enter() {
        }

        @Override
        public void leave() {
        }
    };

    /** A gate the failover logic can close and reopen. */
    final class Closable implements IngestGate {
        private static final int PERMITS = 10_000;
        private final Semaphore permits = new Semaphore(PERMITS, true);

        @Override
        public void enter() throws InterruptedException {
            permits.acquire();
        }

        @Override
        public void leave() {
            permits.release();
        }

        /** Closes the gate once no batch is in flight; false when that took longer than {@code timeoutMillis}. */
        public boolean close(long timeoutMillis) throws InterruptedException {
            return permits.tryAcquire(PERMITS, timeoutMillis, TimeUnit.MILLISECONDS);
        }

        public void open() {
            permits.release(PERMITS);
        }

        public boolean isClosed() {
            return permits.availablePermits() == 0;
        }
    }
}
