package io.gpwarden.alerts.incident;

import io.gpwarden.alerts.Notification;
import java.util.List;

/**
 * What one engine step decided: incident states to save, keys whose incidents ended (to
 * forget), and notifications to deliver. The caller persists all three atomically before it
 * sends anything.
 */
public record Decision(List<IncidentState> saved, List<String> forgotten, List<Notification> notifications) {

    public static final Decision NONE = new Decision(List.of(), List.of(), List.of());

    public Decision {
        saved = List.copyOf(saved);
        forgotten = List.copyOf(forgotten);
        notifications = List.copyOf(notifications);
    }

    public boolean isEmpty() {
        return saved.isEmpty() && forgotten.isEmpty() && notifications.isEmpty();
    }
}
