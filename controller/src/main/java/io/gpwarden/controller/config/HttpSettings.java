package io.gpwarden.controller.config;

/**
 * The controller's HTTP endpoint ({@code /status} JSON, {@code /metrics} Prometheus text).
 * Loopback by default: the status page shows the cluster's topology. Port 0 picks a free port.
 */
public record HttpSettings(boolean enabled, String bind, int port) {
}
