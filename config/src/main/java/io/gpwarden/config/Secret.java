package io.gpwarden.config;

import java.util.Objects;

/**
 * A password, passphrase or key that must never reach a log, an exception message or a config
 * dump: {@link #toString()} shows only where the secret came from ({@code Secret[env:SMTP_PASSWORD]}),
 * and the value is only available through {@link #reveal()}, which makes every use easy to find
 * in review.
 *
 * <p>The source is not secret: messages about a secret (too short, rejected by a server) name
 * it so an operator knows which variable or file to fix. Equality is by value only.
 */
public final class Secret {
    private static final String UNNAMED = "******";

    private final String value;
    private final String source;

    private Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A secret whose origin is not worth naming (a prompt, a test). */
    public static Secret of(String value) {
        return new Secret(value, UNNAMED);
    }

    /** A secret read from {@code source}, e.g. {@code env:SMTP_PASSWORD} or {@code file:/etc/gpwarden/smtp}. */
    public static Secret of(String value, String source) {
        return new Secret(value, source);
    }

    /** The secret itself; call only at the point of use (a JDBC property, an SMTP login, a USM key). */
    public String reveal() {
        return value;
    }

    /** Where it came from, safe to show: {@code env:SMTP_PASSWORD}, {@code file:/etc/gpwarden/smtp}. */
    public String source() {
        return source;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "Secret[" + source + "]";
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
