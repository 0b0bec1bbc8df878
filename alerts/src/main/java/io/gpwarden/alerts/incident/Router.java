package io.gpwarden.alerts.incident;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import java.util.List;

/** Decides which channels hear about an event of a kind and severity. Pure. */
@FunctionalInterface
public interface Router {
    /** Channel names in a stable order, without duplicates; empty means nobody. */
    List<String> channelsFor(EventKind kind, Severity severity);
}
