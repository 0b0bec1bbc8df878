package io.gpwarden.layout.check;

/**
 * A broken layout invariant (reference §2): {@code rule} is one of the names below, {@code message}
 * says which content, host, port or directory, in words a DBA can act on.
 */
public record Violation(String rule, String message) {
    public static final String ONE_MIRROR_PER_CONTENT = "one-mirror-per-content";
    public static final String MIRROR_OFF_PRIMARY_HOST = "mirror-off-primary-host";
    public static final String BALANCED_PRIMARIES = "balanced-primaries";
    public static final String BALANCED_MIRRORS = "balanced-mirrors";
    public static final String NO_PORT_CLASH = "no-port-clash";
    public static final String NO_DIRECTORY_CLASH = "no-directory-clash";
}
