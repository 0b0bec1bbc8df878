package io.gpwarden.controller.config;

import io.gpwarden.config.ConfigNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything {@code gpwarden controller run} and {@code gpwarden status} need, read and
 * validated as a whole by {@link ControllerConfigReader}. Immutable; holds secret references,
 * never secret values.
 *
 * @param source         the file it was read from, for messages
 * @param cluster        where the cluster is and how to log in
 * @param probes         the liveness probes
 * @param catalog        the catalog poll ({@code gp_segment_configuration}, {@code gp_stat_replication})
 * @param disk           the disk poll and its thresholds
 * @param standby        the standby coordinator's replication thresholds
 * @param http           the status and metrics endpoint
 * @param stateDirectory where the controller keeps its state file and alert outbox
 * @param alerts         the {@code alerts:} section (channels and routes), when present
 */
public record ControllerConfig(Path source, ClusterAccess cluster, ProbeSettings probes, PollSettings catalog,
                               DiskPolicy disk, StandbyPolicy standby, HttpSettings http, Path stateDirectory,
                               Optional<ConfigNode> alerts) {
}
