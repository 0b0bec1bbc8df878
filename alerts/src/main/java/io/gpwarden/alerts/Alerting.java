package io.gpwarden.alerts;

import io.gpwarden.alerts.config.AlertsConfig;
import io.gpwarden.alerts.config.ChannelConfig;
import io.gpwarden.alerts.delivery.Alerter;
import io.gpwarden.alerts.delivery.ChannelStatus;
import io.gpwarden.alerts.delivery.DeliveryService;
import io.gpwarden.alerts.incident.ChannelRateLimiter;
import io.gpwarden.alerts.incident.Decision;
import io.gpwarden.alerts.incident.IncidentEngine;
import io.gpwarden.alerts.incident.IncidentIds;
import io.gpwarden.alerts.incident.IncidentState;
import io.gpwarden.alerts.outbox.Outbox;
import io.gpwarden.alerts.outbox.OutboxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting module as the controller uses it: raise and clear conditions, let time pass,
 * read the state. Each call runs the incident engine, commits its decision to the outbox
 * (durable before anything is sent) and hands the new notifications to the delivery threads.
 * Calls return after the outbox write (an fsync, about a millisecond) and never wait for a
 * receiver, so they are safe in the probe loop.
 *
 * <p>When a channel starts failing, an ALERT_CHANNEL_FAILING incident (key
 * {@code alert-channel/<name>}) is raised through the same engine, so the other channels say
 * that this one is down; it resolves when the channel delivers again.
 *
 * <p>If the outbox cannot be written (disk full), the notifications are still sent, without the
 * restart guarantee, and the error is logged: an alert that may repeat beats no alert.
 *
 * <p>Thread-safe: engine calls are serialized.
 */
public final class Alerting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Alerting.class);

    private final AlertsConfig config;
    private final Outbox outbox;
    private final IncidentEngine engine;
    private final DeliveryService delivery;

    private Alerting(AlertsConfig config, Outbox outbox, Map<String, Alerter> alerters, Clock clock) {
        this.config = config;
        this.outbox = outbox;
        this.engine = new IncidentEngine(config::policyFor, config.router(), new ChannelRateLimiter(config.rateLimit()),
                new IncidentIds(clock), clock, outbox.incidents());
        this.delivery = new DeliveryService(outbox, alerters, config.delivery(), clock, this::channelChanged,
                RandomGenerator.getDefault());
    }

    /**
     * Starts alerting over an opened outbox, creating one alerter per configured channel, and
     * resumes delivery of whatever the outbox still holds from a previous run.
     *
     * @param alerters builds the alerter of a channel: {@code Alerters::create} for the real
     *                 ones, or a lambda returning {@code RecordingAlerter}s in unit tests
     */
    public static Alerting start(AlertsConfig config, Outbox outbox, Function<ChannelConfig, Alerter> alerters,
                                 Clock clock) {
        Map<String, Alerter> byName = new LinkedHashMap<>();
        try {
            for (ChannelConfig channel : config.channels().values()) {
                byName.put(channel.name(), alerters.apply(channel));
            }
        } catch (RuntimeException e) {
            byName.values().forEach(Alerter::close);
            throw e;
        }
        Alerting alerting = new Alerting(config, outbox, byName, clock);
        alerting.delivery.resumePending();
        return alerting;
    }

    /** The condition holds now (or, for a notice kind, it happened now). */
    public synchronized List<Notification> raise(Event event) {
        return commit(engine.raise(event));
    }

    /** The condition ended; unknown keys are ignored. {@code resolution} says how (may be empty). */
    public synchronized List<Notification> clear(String key, String resolution) {
        return commit(engine.clear(key, resolution));
    }

    /** Call once per controller tick: opens delayed incidents, resolves quiet ones. */
    public synchronized List<Notification> tick() {
        return commit(engine.tick());
    }

    /** Live incidents (open, or cleared and inside their flap window). */
    public synchronized List<Incident> openIncidents() {
        return engine.live().stream().map(IncidentState::incident).toList();
    }

    public synchronized Optional<Incident> incident(String key) {
        return engine.live().stream().filter(s -> s.key().equals(key)).map(IncidentState::incident).findFirst();
    }

    /** Delivery health per channel, for status and metrics. */
    public Map<String, ChannelStatus> channels() {
        return delivery.status();
    }

    /** Notifications committed but not delivered yet (all channels). */
    public int undelivered() {
        return outbox.pending().size();
    }

    public AlertsConfig config() {
        return config;
    }

    private List<Notification> commit(Decision decision) {
        if (decision.isEmpty()) {
            return List.of();
        }
        List<Notification> accepted;
        try {
            accepted = outbox.commit(decision);
        } catch (OutboxException e) {
            // The engine has already decided; an alert sent without durability (it may repeat
            // after a restart) beats an alert not sent. The probe loop goes on either way.
            log.error("alert outbox write failed, sending {} notification(s) without durability: {}",
                    decision.notifications().size(), e.getMessage());
            accepted = decision.notifications();
        }
        delivery.submit(accepted);
        for (Notification n : accepted) {
            log.info("alert {} {} {} on {} queued for channel {}", n.id(), n.transition(), n.incident().kind().slug(),
                    n.incident().key(), n.channel());
        }
        return accepted;
    }

    private void channelChanged(ChannelStatus status) {
        String key = "alert-channel/" + status.channel();
        if (status.isFailing()) {
            raise(Event.builder(EventKind.ALERT_CHANNEL_FAILING, key)
                    .summary("alert channel " + status.channel() + " cannot deliver")
                    .detail(status.lastErrorKind() + ": " + status.lastError())
                    .actionTaken("Notifications for " + status.channel() + " are kept in the outbox and retried"
                            + " with backoff; nothing is lost.")
                    .nextStep(status.lastErrorKind() == io.gpwarden.alerts.delivery.DeliveryException.Kind.CONFIGURATION
                            ? "Fix the credentials or keys of channel " + status.channel() + " and restart gpwarden."
                            : "Check that the receiver of channel " + status.channel() + " is up and reachable.")
                    .build());
        } else {
            clear(key, "channel " + status.channel() + " delivers again");
        }
    }

    @Override
    public void close() {
        delivery.close(Duration.ofSeconds(5));
        outbox.close();
    }
}
