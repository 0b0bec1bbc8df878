package io.gpwarden.testcluster.process;

/** The one way this module's wait loops sleep between polls. */
public final class Pause {
    private Pause() {
    }

    /**
     * Sleeps {@code millis}; an interrupt ends the wait with {@link IllegalStateException}, the
     * thread's interrupt flag set again, so a polling loop stops instead of spinning on.
     */
    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
