package io.gpwarden.controller.observe;

import io.gpwarden.controller.jdbc.Reachability;
import java.time.Instant;

/** Why the latest attempt at a reading failed, classified like a probe result. */
public record ReadFailure(Instant at, Reachability reachability, String message) {
}
