package io.gpwarden.controller.config;

import java.time.Duration;

/**
 * A periodic read (the catalog, the disk table): one read every {@code interval}, abandoned after
 * {@code timeout}. Invariant (checked by the reader): {@code timeout < interval}.
 */
public record PollSettings(Duration interval, Duration timeout) {
}
