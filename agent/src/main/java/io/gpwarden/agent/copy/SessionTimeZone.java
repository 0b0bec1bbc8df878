package io.gpwarden.agent.copy;

import java.util.Set;

/**
 * What the agent knows of its database session's TimeZone, which decides how PostgreSQL reads
 * a timestamptz written without an offset. The sink observes the setting (pgjdbc tracks the
 * server's ParameterStatus reports, so a {@code SET TimeZone} in POST_BATCH_SQL is seen too)
 * before each batch; the encoder converts such values itself only while it is UTC. A batch
 * that relied on UTC is refused at commit if the session turned out not to be UTC, and read
 * again. Thread-safe (the writer sets, the decoder reads).
 */
public final class SessionTimeZone {
    private static final Set<String> UTC = Set.of("UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Etc/UCT", "Universal",
            "Etc/Universal", "Zulu", "Etc/Zulu");

    private volatile boolean utc;

    /** Records the session's current TimeZone setting; returns whether it is UTC. */
    public boolean observe(String timeZone) {
        boolean u = timeZone != null && UTC.contains(timeZone);
        utc = u;
        return u;
    }

    public boolean isUtc() {
        return utc;
    }
}
