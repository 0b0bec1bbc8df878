package io.gpwarden.coordination;

import java.time.Duration;

/** A lease the server granted: its id and the TTL it granted (at least the one asked for). */
public record LeaseGrant(long id, Duration ttl) {
}
