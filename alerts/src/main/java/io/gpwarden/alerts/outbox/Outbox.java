package io.gpwarden.alerts.outbox;

import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.incident.Decision;
import io.gpwarden.alerts.incident.IncidentState;
import java.util.List;

/**
 * The durable record of live incidents and of notifications still to deliver. Every
 * notification is in the outbox before anybody tries to send it, and leaves it only when
 * marked delivered or failed, so a controller restart neither loses nor repeats one.
 *
 * <p>Contract, by timing and atomicity:
 * <ul>
 *   <li>{@link #commit}: atomic (all of a decision or none of it) and durable when it returns
 *       (fsync for a file, a quorum write for etcd). Create-once: a notification whose id the
 *       outbox has already seen (pending, delivered or failed) is ignored, which is what makes a
 *       replayed or doubled decision harmless. An etcd implementation does this with one
 *       transaction per decision comparing {@code create_revision == 0} on each id's key.</li>
 *   <li>{@link #markDelivered}, {@link #markFailed}: durable when they return; idempotent;
 *       after either, the id never appears in {@link #pending()} again, in this process or
 *       any later one.</li>
 *   <li>{@link #pending()}, {@link #incidents()}: a consistent snapshot; cheap (in memory).</li>
 * </ul>
 * Between a receiver's acknowledgement and {@link #markDelivered} returning there is a short
 * window in which a crash leaves the notification pending: it is then sent again after the
 * restart with the same id (Message-ID, incident-id varbind), so receivers can drop it.
 * Thread-safe.
 */
public interface Outbox extends AutoCloseable {

    /** Saves the decision's incident states, forgets its resolved keys, enqueues its new notifications. */
    List<Notification> commit(Decision decision);

    void markDelivered(String notificationId);

    /** Gives up on a notification that can never be delivered (e.g. a recipient the server rejects). */
    void markFailed(String notificationId, String reason);

    /** Notifications not yet delivered nor failed, oldest first. */
    List<Notification> pending();

    /** Live incidents, in the order they were first saved. */
    List<IncidentState> incidents();

    @Override
    void close();
}
