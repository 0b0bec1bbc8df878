package io.gpwarden.alerts.delivery;

import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake {@link Alerter} for unit tests: records what it was asked to deliver and can be told
 * to fail ("the SMTP server is down") until told otherwise. Integration tests use the real
 * alerters with real receivers instead.
 */
public final class RecordingAlerter implements Alerter {

    private final String channel;
    private final List<Notification> delivered = new ArrayList<>();
    private final AtomicReference<DeliveryException.Kind> failing = new AtomicReference<>();
    private int attempts;

    public RecordingAlerter(String channel) {
        this.channel = channel;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public synchronized DeliveryReceipt deliver(Notification notification) throws DeliveryException {
        attempts++;
        DeliveryException.Kind failure = failing.get();
        if (failure != null) {
            throw new DeliveryException(failure, "recording alerter " + channel + " told to fail (" + failure + ")");
        }
        delivered.add(notification);
        notifyAll();
        return new DeliveryReceipt(true, "recorded");
    }

    /** From now on every attempt fails with {@code kind}; null makes it succeed again. */
    public void failWith(DeliveryException.Kind kind) {
        failing.set(kind);
    }

    public synchronized List<Notification> delivered() {
        return List.copyOf(delivered);
    }

    public synchronized List<Notification> delivered(Transition transition) {
        return delivered.stream().filter(n -> n.transition() == transition).toList();
    }

    public synchronized int attempts() {
        return attempts;
    }

    /** Waits until at least {@code count} notifications were delivered; false on timeout. */
    public synchronized boolean awaitDelivered(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
