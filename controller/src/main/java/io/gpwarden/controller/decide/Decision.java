package io.gpwarden.controller.decide;

import java.util.List;

/**
 * The outcome of one tick's decision. Immutable.
 *
 * @param memory   what the next tick starts from
 * @param health   the one-word verdict
 * @param active   every condition that holds now, by severity then key
 * @param raised   conditions new this tick
 * @param changed  conditions that held before and changed in severity or summary
 * @param cleared  conditions that held after the last tick and no longer do, with how they ended
 * @param notices  one-off happenings (a mirror was promoted)
 * @param actions  what the act step should do besides alerting
 * @param sentence one line saying what the controller saw and did; logged with the cluster name
 */
public record Decision(HealthMemory memory, ClusterHealth health, List<Condition> active, List<Condition> raised,
                       List<Condition> changed, List<Cleared> cleared, List<Condition> notices, List<ControllerAction> actions,
                       String sentence) {

    public Decision {
        active = List.copyOf(active);
        raised = List.copyOf(raised);
        changed = List.copyOf(changed);
        cleared = List.copyOf(cleared);
        notices = List.copyOf(notices);
        actions = List.copyOf(actions);
    }

    /** A condition that ended, and how (shown in the "resolved" notification). */
    public record Cleared(Condition condition, String resolution) {
    }
}
