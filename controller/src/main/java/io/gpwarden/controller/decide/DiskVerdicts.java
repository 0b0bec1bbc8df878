package io.gpwarden.controller.decide;

import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.incident.Level;
import io.gpwarden.alerts.incident.Thresholds;
import io.gpwarden.alerts.incident.UsageForecast;
import io.gpwarden.controller.catalog.DiskFree;
import io.gpwarden.controller.config.DiskPolicy;
import io.gpwarden.controller.decide.DiskMemory.DiskSample;
import io.gpwarden.controller.decide.DiskMemory.DiskTrack;
import io.gpwarden.controller.observe.DiskReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Disk use as conditions, per file system (host and device; several segments share one):
 * a level with hysteresis (the alerts module's {@link Thresholds}: warning at 70 %, critical at
 * 90 %, each left only {@code hysteresis} points lower), and a forecast (the alerts module's
 * {@link UsageForecast}, a least-squares line through the samples of the forecast window) that
 * says when it fills — a separate warning while below critical, a line in the critical incident's
 * detail once critical. Each disk reading is counted once, however many ticks see it. Pure.
 *
 * <p>Without a known capacity the thresholds cannot apply; the forecast then follows free space
 * down to zero instead of used space up to 100 %.
 */
public final class DiskVerdicts {
    private final DiskPolicy policy;
    private final Thresholds thresholds;

    public DiskVerdicts(DiskPolicy policy) {
        this.policy = policy;
        this.thresholds = new Thresholds(policy.warningPercent(), policy.criticalPercent(),
                policy.warningPercent() - policy.hysteresisPercent(),
                policy.criticalPercent() - policy.hysteresisPercent());
    }

    /** The disk part of a decision: whether this tick had a fresh reading, what holds, and the new memory. */
    public record Outcome(boolean fresh, List<Condition> conditions, DiskMemory memory) {
    }

    public Outcome assess(DiskMemory memory, DiskReading reading) {
        if (!reading.isFresh()) {
            return new Outcome(false, List.of(), memory);
        }
        Instant at = reading.readAt().orElseThrow();
        DiskMemory next = memory.lastReadAt().equals(reading.readAt()) ? memory : update(memory, reading, at);
        List<Condition> conditions = new ArrayList<>();
        for (DiskTrack t : next.tracks().values()) {
            conditions.addAll(conditions(t));
        }
        return new Outcome(true, conditions, next);
    }

    private DiskMemory update(DiskMemory memory, DiskReading reading, Instant at) {
        Map<String, List<DiskFree>> byDisk = new LinkedHashMap<>();
        for (DiskFree d : reading.rows()) {
            byDisk.computeIfAbsent(key(d.hostname(), d.device()), k -> new ArrayList<>()).add(d);
        }
        Map<String, DiskTrack> tracks = new LinkedHashMap<>();
        Instant oldest = at.minus(policy.forecastWindow());
        for (Map.Entry<String, List<DiskFree>> e : byDisk.entrySet()) {
            DiskFree d = e.getValue().get(0);
            DiskTrack previous = memory.tracks().get(e.getKey());
            double used = d.usedPercent();
            Level level = thresholds.next(previous == null ? Level.OK : previous.level(), used);
            List<DiskSample> samples = new ArrayList<>();
            DiskSample sample = new DiskSample(at, used, d.freeBytes());
            if (previous != null && !spaceWasFreed(previous.samples().get(previous.samples().size() - 1), sample)) {
                previous.samples().stream().filter(s -> !s.at().isBefore(oldest)).forEach(samples::add);
            }
            samples.add(sample);
            List<Integer> contents = e.getValue().stream().map(DiskFree::content).sorted().toList();
            tracks.put(e.getKey(), new DiskTrack(d.hostname(), d.device(), level, samples, contents,
                    d.capacityBytes().isPresent() ? d.capacityBytes().getAsLong() : null));
        }
        return new DiskMemory(tracks, reading.readAt());
    }

    private List<Condition> conditions(DiskTrack t) {
        List<Condition> out = new ArrayList<>();
        DiskSample last = t.samples().get(t.samples().size() - 1);
        String where = t.host() + " " + t.device();
        String segments = "segments " + t.contents().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
        Optional<Duration> left = forecast(t);
        if (t.level() != Level.OK) {
            boolean critical = t.level() == Level.CRITICAL;
            Instant since = sinceAbove(t, critical ? policy.criticalPercent() : policy.warningPercent());
            out.add(Condition.builder(EventKind.DISK_USAGE, "disk-usage/" + key(t.host(), t.device()), Source.DISK, since)
                    .severity(critical ? Severity.CRITICAL : Severity.WARNING)
                    .host(t.host()).path(t.device())
                    .summary(String.format(Locale.ROOT, "%s is %.0f %% full (%s at %.0f %%)", where, last.usedPercent(),
                            critical ? "critical" : "warning", critical ? policy.criticalPercent() : policy.warningPercent()))
                    .detail(Bytes.human(last.freeBytes()) + " free; " + segments
                            + left.map(d -> "; at this rate full in " + UsageForecast.approximately(d)).orElse(""))
                    .fact("used_percent", String.format(Locale.ROOT, "%.1f", last.usedPercent()))
                    .fact("free_bytes", last.freeBytes())
                    .actionTaken("None: gpwarden does not delete data.")
                    .nextStep(critical ? "Free space on " + t.host() + " now (old logs, core files, unneeded tables);"
                            + " a full data file system stops the segment." : "Plan space on " + t.host()
                            + ": Greenplum's guidance is to stay below " + (int) policy.warningPercent() + " % used.")
                    .build());
        }
        if (t.level() == Level.CRITICAL) {
            // Already critical: the forecast is in that incident's detail, not a second incident.
            return out;
        }
        left.ifPresent(d -> out.add(Condition.builder(EventKind.DISK_FORECAST,
                        "disk-forecast/" + key(t.host(), t.device()), Source.DISK, last.at())
                .severity(Severity.WARNING)
                .host(t.host()).path(t.device())
                .summary(where + " full in " + UsageForecast.approximately(d))
                .detail("trend of " + t.samples().size() + " readings over the last "
                        + Duration.between(t.samples().get(0).at(), last.at()).toMinutes() + " min; "
                        + Bytes.human(last.freeBytes()) + " free; " + segments)
                .fact("seconds_to_full", d.toSeconds())
                .actionTaken("None.")
                .nextStep("Find what grows on " + t.host() + " (a load, a runaway query's spill files, logs) and make"
                        + " room before it fills.")
                .build()));
        return out;
    }

    /**
     * Whether space was freed since the last sample (use fell by more than the hysteresis, or free
     * space grew by more than 5 % when the capacity is unknown): the trend then starts afresh, so
     * old growth does not keep predicting a fill after a clean-up.
     */
    private boolean spaceWasFreed(DiskSample before, DiskSample now) {
        if (!Double.isNaN(before.usedPercent()) && !Double.isNaN(now.usedPercent())) {
            return before.usedPercent() - now.usedPercent() > policy.hysteresisPercent();
        }
        return now.freeBytes() > before.freeBytes() * 1.05;
    }

    /** Time until full, when the trend says full within the horizon. */
    private Optional<Duration> forecast(DiskTrack t) {
        Duration minSpan = policy.poll().interval().multipliedBy(2);
        List<UsageForecast.Sample> samples = new ArrayList<>();
        Optional<Duration> left;
        if (t.capacityBytes() != null) {
            t.samples().forEach(s -> samples.add(new UsageForecast.Sample(s.at(), s.usedPercent())));
            left = UsageForecast.timeToFull(samples, 100.0, minSpan);
        } else {
            // Free space falling to zero is "used" (its negative) rising to zero.
            t.samples().forEach(s -> samples.add(new UsageForecast.Sample(s.at(), -(double) s.freeBytes())));
            left = UsageForecast.timeToFull(samples, 0.0, minSpan);
        }
        return left.filter(d -> d.compareTo(policy.forecastHorizon()) <= 0);
    }

    /** The first sample of the latest run at or above {@code threshold}: "since" for the level. */
    private static Instant sinceAbove(DiskTrack t, double threshold) {
        Instant since = t.samples().get(t.samples().size() - 1).at();
        for (int i = t.samples().size() - 1; i >= 0 && t.samples().get(i).usedPercent() >= threshold; i--) {
            since = t.samples().get(i).at();
        }
        return since;
    }

    static String key(String host, String device) {
        return host + ":" + device;
    }
}
