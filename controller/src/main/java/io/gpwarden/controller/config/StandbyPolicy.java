package io.gpwarden.controller.config;

/**
 * When the standby coordinator's replication becomes an incident: not streaming at all, or
 * replaying more than {@code maxLagBytes} behind the coordinator's current WAL position.
 */
public record StandbyPolicy(long maxLagBytes) {
}
