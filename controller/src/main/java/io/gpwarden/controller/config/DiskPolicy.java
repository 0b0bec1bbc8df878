package io.gpwarden.controller.config;

import java.time.Duration;

/**
 * When disk use becomes an incident. Percentages are of the file system's capacity.
 *
 * <p>Invariants (checked by the reader): {@code 0 < warningPercent <= criticalPercent < 100},
 * {@code 0 < hysteresisPercent < warningPercent}. A level is left only when use falls
 * {@code hysteresisPercent} below its threshold, so a disk hovering at the line alerts once.
 *
 * @param poll             how often {@code gp_toolkit.gp_disk_free} is read (it runs {@code df} on
 *                         every host, so not often)
 * @param warningPercent   warning at this much used (Greenplum's guidance: stay below 70 %)
 * @param criticalPercent  critical at this much used
 * @param hysteresisPercent how far below a threshold use must fall to leave that level
 * @param forecastHorizon  warn when the trend says "full" within this time
 * @param forecastWindow   how far back the trend looks
 * @param capacityTable    a relation (schema-qualified, validated) with each file system's size:
 *                         {@code dfsegment, dfhostname, dfdevice, dftotal} (kB), because Greenplum's
 *                         gp_disk_free reports free space only; without it, percentages are unknown
 *                         and only the forecast (time until free space runs out) applies
 */
public record DiskPolicy(PollSettings poll, double warningPercent, double criticalPercent,
                         double hysteresisPercent, Duration forecastHorizon, Duration forecastWindow,
                         java.util.Optional<QualifiedName> capacityTable) {
}
