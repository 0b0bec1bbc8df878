package io.gpwarden.config;

import java.util.Objects;

/**
 * A password, passphrase or key that must never reach a log, an exception message or a config
 * dump: {@link #toString()} is redacted and the value is only available through {@link #reveal()},
 * which makes every use easy to find in review.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret itself; call only at the point of use (a JDBC property, an SMTP login, a USM key). */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "******";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
