package io.gpwarden.controller.status;

import java.util.List;

/**
 * The cluster at a glance, as {@code /status} serves it, {@code gpwarden status} prints it and
 * {@code /metrics} counts it. A plain tree of records with text timestamps (ISO-8601) and
 * nullable fields, so its JSON is stable and readable by anything. Never holds a secret.
 *
 * @param source      "controller" when a running controller produced it, "status" when the
 *                    command read the cluster directly
 * @param health      healthy, degraded, unreachable or unknown
 * @param sentence    the last tick's outcome sentence
 * @param coordinator the coordinator: configured address, catalog row, probe
 * @param standby     the standby coordinator, or null when there is none
 * @param segments    every segment instance (primaries and mirrors) by content then dbid
 * @param replication the standby's WAL stream, or null when there is none
 * @param disks       one row per host and file system
 * @param conditions  what is wrong now, most urgent first
 * @param incidents   open incidents of the alerting engine (empty when alerting is off)
 * @param catalog     when the catalog was read and whether that read is current
 * @param controller  the controller's own counters, or null for the status command
 */
public record ClusterStatus(String cluster, String at, String source, String health, String sentence,
                            InstanceView coordinator, InstanceView standby, List<InstanceView> segments,
                            ReplicationView replication, List<DiskView> disks, List<ConditionView> conditions,
                            List<IncidentView> incidents, CatalogView catalog, ControllerView controller) {

    public ClusterStatus {
        segments = segments == null ? List.of() : List.copyOf(segments);
        disks = disks == null ? List.of() : List.copyOf(disks);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
    }

    /** The same status with the incidents another source knows about (a running controller). */
    public ClusterStatus withIncidents(List<IncidentView> open, String from) {
        return new ClusterStatus(cluster, at, source + "+incidents from " + from, health, sentence, coordinator, standby,
                segments, replication, disks, conditions, open, catalog, controller);
    }

    /**
     * One instance. Catalog fields are null when the catalog could not be read; probe fields are
     * null for instances that are not probed (mirrors).
     *
     * @param kind         coordinator, standby, primary or mirror (the current role)
     * @param probe        the reachability label of the last probe (up, down, unresponsive, ...)
     */
    public record InstanceView(String kind, Integer dbid, int content, String hostname, String address, int port,
                               String datadir, String role, String preferredRole, String mode, String status,
                               String probe, Double probeMillis, String probeDetail) {
    }

    /** The coordinator's WAL sender to the standby, from gp_stat_replication. */
    public record ReplicationView(String state, String syncState, Long replayLagBytes, Double replayLagSeconds,
                                  String syncError) {
    }

    /** One file system on one host. {@code usedPercent} and {@code capacityBytes} are null when unknown. */
    public record DiskView(String hostname, String device, List<Integer> contents, long freeBytes, Long capacityBytes,
                           Double usedPercent, String level) {
        public DiskView {
            contents = contents == null ? List.of() : List.copyOf(contents);
        }
    }

    /** Something wrong now, as the controller's decision sees it. */
    public record ConditionView(String key, String kind, String severity, String since, String summary,
                                String actionTaken, String nextStep) {
    }

    /** An incident of the alerting engine (open, or cleared and inside its flap window). */
    public record IncidentView(String id, String key, String kind, String severity, String openedAt, String summary,
                               int bounces) {
    }

    /** The catalog reading behind the segment rows. */
    public record CatalogView(String readAt, boolean fresh, String failure, String serverVersion) {
    }

    /**
     * The controller's own counters, and where its HTTP endpoint listens ({@code host:port}, null
     * when disabled), so {@code gpwarden status} can find a controller that picked a free port.
     */
    public record ControllerView(String startedAt, long ticks, long lateTicks, double lastTickMillis,
                                 int undeliveredNotifications, String endpoint) {
    }
}
