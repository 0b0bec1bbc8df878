package io.gpwarden.alerts.config;

import java.util.Objects;

/**
 * A password or passphrase. Its value leaves this object only through {@link #reveal()},
 * called at the one place that hands it to a library (SMTP login, USM key localization);
 * {@code toString} never shows it, so a secret cannot reach a log line, an exception message
 * or a config dump by accident. Equality is by identity on purpose: comparing secrets is not
 * something logging or config diffing should do.
 */
public final class Secret {

    private final String value;
    private final String source;

    private Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value");
        this.source = source;
    }

    /** A secret resolved from {@code source} (e.g. {@code env:SMTP_PASSWORD}); the source is not secret. */
    public static Secret of(String value, String source) {
        return new Secret(value, source);
    }

    /** The value itself. Call only where a library needs it, and never log the result. */
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
        return "Secret[" + (source == null ? "****" : source) + "]";
    }
}
