package io.gpwarden.coordination;

import java.util.Objects;

/**
 * One key as the store holds it: its value and the revisions a caller needs to write it back
 * with a compare ({@code modRevision}) or to use it as a fencing epoch ({@code createRevision},
 * which a recreated key never repeats).
 *
 * @param leaseId the lease the key is bound to, or {@link Coordinator#NO_LEASE}
 */
public record Entry(String key, String value, long createRevision, long modRevision, long leaseId) {
    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
