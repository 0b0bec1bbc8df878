package io.gpwarden.alerts.incident;

import io.gpwarden.alerts.Severity;
import java.util.Optional;

/** The alarm level of a threshold metric. Ordered from calm to alarming. */
public enum Level {
    OK, WARNING, CRITICAL;

    /** The incident severity for this level, or empty for OK (nothing to raise: clear it). */
    public Optional<Severity> severity() {
        return switch (this) {
            case OK -> Optional.empty();
            case WARNING -> Optional.of(Severity.WARNING);
            case CRITICAL -> Optional.of(Severity.CRITICAL);
        };
    }
}
