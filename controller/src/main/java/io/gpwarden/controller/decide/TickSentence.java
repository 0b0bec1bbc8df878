package io.gpwarden.controller.decide;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import io.gpwarden.controller.observe.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a tick logs: the cluster, the health word, what is wrong, and what changed. It is
 * also what the unit tests assert, so its wording is part of the contract. Long lists are cut at
 * three items ("and 5 more"), so a storm still fits on one line.
 */
final class TickSentence {
    private static final int MAX_ITEMS = 3;

    private TickSentence() {
    }

    static String of(String cluster, ClusterHealth health, List<Condition> active, List<Condition> raised,
                     List<Decision.Cleared> cleared, List<Condition> notices, Map<String, ProbeStreak> streaks,
                     int confirmations, Observation obs) {
        StringBuilder sb = new StringBuilder(cluster).append(": ").append(health.name().toLowerCase(Locale.ROOT));
        Optional<CatalogSnapshot> fresh = obs.catalog().fresh();
        if (active.isEmpty()) {
            sb.append(": ").append(allWell(obs, fresh));
        } else {
            sb.append(": ").append(active.size()).append(active.size() == 1 ? " condition: " : " conditions: ")
                    .append(cut(active.stream().map(Condition::summary).toList()));
        }
        List<String> changes = new ArrayList<>();
        if (!raised.isEmpty()) {
            changes.add("raised " + cut(raised.stream().map(Condition::key).toList()));
        }
        if (!cleared.isEmpty()) {
            changes.add("cleared " + cut(cleared.stream().map(c -> c.condition().key()).toList()));
        }
        if (!notices.isEmpty()) {
            changes.add("noticed " + cut(notices.stream().map(Condition::summary).toList()));
        }
        List<String> watching = streaks.entrySet().stream()
                .filter(e -> e.getValue().failures() > 0 && !e.getValue().confirmedDown(confirmations))
                .map(e -> e.getKey() + " failed " + e.getValue().failures() + "/" + confirmations)
                .toList();
        if (!watching.isEmpty()) {
            changes.add("watching " + cut(watching));
        }
        obs.catalog().failure().ifPresent(f -> changes.add("catalog not read: " + f.reachability().label()));
        if (!changes.isEmpty()) {
            sb.append(" | ").append(String.join("; ", changes));
        }
        return sb.toString();
    }

    private static String allWell(Observation obs, Optional<CatalogSnapshot> fresh) {
        long primaries = obs.probes().values().stream().filter(r -> r.target().dbid() != null && r.isUp()).count();
        boolean standby = obs.probes().containsKey("standby");
        String answered = "coordinator" + (standby ? ", standby" : "") + " and " + primaries + " primar"
                + (primaries == 1 ? "y" : "ies") + " answer";
        if (fresh.isEmpty()) {
            return answered + "; catalog not read yet";
        }
        long pairs = fresh.get().segmentInstances().stream().filter(x -> !x.isPrimary()).count();
        return answered + "; " + (pairs == 0 ? "no mirrors" : pairs + " pair" + (pairs == 1 ? "" : "s") + " in sync")
                + ", all in preferred roles";
    }

    private static String cut(List<String> items) {
        if (items.size() <= MAX_ITEMS) {
            return String.join("; ", items);
        }
        return String.join("; ", items.subList(0, MAX_ITEMS)) + "; and " + (items.size() - MAX_ITEMS) + " more";
    }
}
