package io.gpwarden.controller.run;

import io.gpwarden.controller.decide.Condition;
import io.gpwarden.controller.status.ClusterStatus.IncidentView;
import java.util.List;

/**
 * Where the act step reports conditions: the alerts module's incident engine, which turns them
 * into incidents (dedupe, flap suppression, rate limits) and notifications.
 *
 * <p>Contract: every call returns after a durable local write at most (the outbox), never after
 * a receiver answered, so reporting cannot delay the next probe round. Calls come from the tick
 * thread only. Raising a key that is open updates it; clearing a key that is not open is a no-op.
 */
public interface IncidentReporter {

    /** The condition holds now. */
    void raise(Condition condition);

    /** Something happened once (a promotion). */
    void notice(Condition condition);

    /** The condition ended; {@code resolution} says how. */
    void clear(Condition condition, String resolution);

    /** Clears an open incident this run never raised (left by an earlier run), by key. */
    void clearKey(String key, String resolution);

    /** Lets time pass (opens delayed incidents, resolves quiet ones); once per tick. */
    void tick();

    /** Open incidents whose kind the controller's decision produces (not the engine's own channel incidents). */
    List<IncidentView> open();

    /** Notifications accepted but not delivered yet. */
    int undelivered();

    /** For a controller run without any alert channel: nothing is reported, nothing is open. */
    IncidentReporter NONE = new IncidentReporter() {
        @Override
        public void raise(Condition condition) {
        }

        @Override
        public void notice(Condition condition) {
        }

        @Override
        public void clear(Condition condition, String resolution) {
        }

        @Override
        public void clearKey(String key, String resolution) {
        }

        @Override
        public void tick() {
        }

        @Override
        public List<IncidentView> open() {
            return List.of();
        }

        @Override
        public int undelivered() {
            return 0;
        }
    };
}
