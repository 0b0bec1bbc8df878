package io.gpwarden.agent.batch;

/**
 * What one batch does to one partition's stored offset: it expects {@code expected} (what the
 * database holds when the batch starts) and moves it to {@code next} (one past the batch's last
 * record of that partition).
 */
public record OffsetAdvance(int partition, long expected, long next) {
}
