package io.gpwarden.controller.decide;

import io.gpwarden.controller.jdbc.Reachability;
import io.gpwarden.controller.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;

/**
 * Consecutive probes of one instance that went wrong. A "down" verdict needs {@code confirmations}
 * failures in a row; any answer that proves the server alive (even a refused login or "too many
 * connections") ends that streak. Refusals of new sessions by a live server (too many
 * connections, starting up, in recovery) are counted apart: they never make it down, but a long
 * run of them means users cannot connect either.
 *
 * @param firstFailureAt when the current failure streak started; null while the instance answers
 * @param refusals       rounds in a row in which the server answered and refused a session
 * @param refusingSince  when those refusals started; null unless the last probe was one
 */
public record ProbeStreak(int failures, Instant firstFailureAt, int refusals, Instant refusingSince, ProbeResult last) {

    public static ProbeStreak after(ProbeStreak previous, ProbeResult result) {
        if (refusesSessions(result.reachability())) {
            boolean continues = previous != null && previous.refusals() > 0;
            return new ProbeStreak(0, null, continues ? previous.refusals() + 1 : 1,
                    continues ? previous.refusingSince() : result.at(), result);
        }
        if (!result.reachability().countsAsDown()) {
            return new ProbeStreak(0, null, 0, null, result);
        }
        if (previous == null || previous.failures() == 0) {
            return new ProbeStreak(1, result.at(), 0, null, result);
        }
        return new ProbeStreak(previous.failures() + 1, previous.firstFailureAt(), 0, null, result);
    }

    private static boolean refusesSessions(Reachability r) {
        return r == Reachability.BUSY || r == Reachability.STARTING;
    }

    public boolean confirmedDown(int confirmations) {
        return failures >= confirmations;
    }

    /** Refusing sessions for at least {@code confirmations} rounds and {@code after}. */
    public boolean notServing(int confirmations, Duration after, Instant now) {
        return refusals >= confirmations && !refusingSince.plus(after).isAfter(now);
    }
}
