package io.gpwarden.agent.job;

import java.time.Duration;
import java.util.Optional;

/**
 * Restart policy: after a retriable failure the agent waits (exponential backoff capped at
 * {@code retryInterval}) and goes on; after {@code maxRetries} consecutive failed attempts
 * (negative: never) the job stops with status Error. {@code runningDuration} stops the job
 * cleanly after that long.
 */
public record Schedule(Duration retryInterval, int maxRetries, Optional<Duration> runningDuration) {
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(30);
}
