package io.gpwarden.controller.decide;

import io.gpwarden.controller.probe.ProbeResult;
import java.time.Instant;

/**
 * Consecutive failed probes of one instance. A "down" verdict needs {@code confirmations} failures
 * in a row; any answer that proves the server alive (even a refused login or "too many
 * connections") ends the streak.
 *
 * @param firstFailureAt when the current streak started; null while the instance answers
 */
public record ProbeStreak(int failures, Instant firstFailureAt, ProbeResult last) {

    public static ProbeStreak after(ProbeStreak previous, ProbeResult result) {
        if (!result.reachability().countsAsDown()) {
            return new ProbeStreak(0, null, result);
        }
        if (previous == null || previous.failures() == 0) {
            return new ProbeStreak(1, result.at(), result);
        }
        return new ProbeStreak(previous.failures() + 1, previous.firstFailureAt(), result);
    }

    public boolean confirmedDown(int confirmations) {
        return failures >= confirmations;
    }
}
