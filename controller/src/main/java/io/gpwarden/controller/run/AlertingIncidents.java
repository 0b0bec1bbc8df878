package io.gpwarden.controller.run;

import io.gpwarden.alerts.Alerting;
import io.gpwarden.alerts.Event;
import io.gpwarden.alerts.Incident;
import io.gpwarden.alerts.Location;
import io.gpwarden.controller.decide.Condition;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import java.util.List;
import java.util.Locale;

/**
 * {@link IncidentReporter} over the alerts module: conditions become {@link Event}s of the
 * same-named kind and severity, keyed by the condition's key, so the engine's dedupe, flap
 * suppression, escalation and rate limits apply. {@link Alerting} commits each decision to its
 * outbox before returning and never waits for a receiver.
 */
public final class AlertingIncidents implements IncidentReporter, AutoCloseable {
    private final Alerting alerting;

    public AlertingIncidents(Alerting alerting) {
        this.alerting = alerting;
    }

    @Override
    public void raise(Condition c) {
        alerting.raise(event(c));
    }

    @Override
    public void notice(Condition c) {
        alerting.raise(event(c));
    }

    @Override
    public void clear(Condition c, String resolution) {
        alerting.clear(c.key(), resolution);
    }

    @Override
    public void clearKey(String key, String resolution) {
        alerting.clear(key, resolution);
    }

    @Override
    public void tick() {
        alerting.tick();
    }

    @Override
    public List<IncidentView> open() {
        return alerting.openIncidents().stream().map(AlertingIncidents::view).toList();
    }

    @Override
    public int undelivered() {
        return alerting.undelivered();
    }

    static Event event(Condition c) {
        Event.Builder b = Event.builder(c.kind(), c.key())
                .severity(c.severity())
                .where(new Location(c.host(), c.dbid(), c.content(), c.port(), c.path()))
                .summary(c.summary())
                .detail(c.detail())
                .actionTaken(c.actionTaken())
                .nextStep(c.nextStep())
                .fact("since", c.since().toString());
        c.facts().forEach((k, v) -> {
            if (v != null && !v.isEmpty() && !v.equals("null")) {
                b.fact(k, v);
            }
        });
        return b.build();
    }

    static IncidentView view(Incident i) {
        return new IncidentView(i.id(), i.key(), i.kind().slug(), i.severity().name().toLowerCase(Locale.ROOT),
                i.openedAt().toString(), i.summary(), i.bounces());
    }

    @Override
    public void close() {
        alerting.close();
    }
}
