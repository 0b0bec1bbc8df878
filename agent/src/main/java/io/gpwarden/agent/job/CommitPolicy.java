package io.gpwarden.agent.job;

import java.time.Duration;

/**
 * When a batch is closed and committed: after {@code maxRows} rows or {@code interval} after its
 * first row, whichever comes first (COMMIT.MAX_ROW / MINIMAL_INTERVAL, task.batch_size).
 */
public record CommitPolicy(int maxRows, Duration interval) {
    public static final int DEFAULT_MAX_ROWS = 100_000;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
}
