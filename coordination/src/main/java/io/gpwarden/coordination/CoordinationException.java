package io.gpwarden.coordination;

import java.util.Objects;

/**
 * The store could not be used. The {@link Condition} says why in terms a caller acts on: an
 * unreachable store is an outage to report and retry on the next tick; the other conditions are
 * configuration errors (wrong password, wrong CA, missing permission) that retrying cannot fix.
 * The message is safe to log: it names endpoints, users and where a secret came from, never the
 * secret.
 */
public final class CoordinationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the store could not be used. */
    public enum Condition {
        /** No member answered within the call timeout, or every connection failed. */
        UNREACHABLE(false),
        /** etcd refused the user or password (RBAC). */
        UNAUTHENTICATED(true),
        /** The user is known but lacks a permission on these keys. */
        PERMISSION_DENIED(true),
        /** The TLS handshake failed: a wrong CA, a certificate for another name, a missing client certificate. */
        TLS_MISCONFIGURED(true);

        private final boolean configurationError;

        Condition(boolean configurationError) {
            this.configurationError = configurationError;
        }

        /** True when only a change of configuration (not waiting) can fix it. */
        public boolean isConfigurationError() {
            return configurationError;
        }
    }

    private final Condition condition;

    public CoordinationException(Condition condition, String message) {
        super(message);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public CoordinationException(Condition condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public Condition condition() {
        return condition;
    }
}
