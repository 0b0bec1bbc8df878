package io.gpwarden.controller.catalog;

import io.gpwarden.controller.jdbc.Reachability;

/**
 * A catalog read failed. {@link #reachability()} says why in the same terms as the probes, so a
 * wrong password reads as a configuration problem and not as "coordinator down".
 */
public final class CatalogUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reachability reachability;

    public CatalogUnavailableException(Reachability reachability, String message, Throwable cause) {
        super(message, cause);
        this.reachability = reachability;
    }

    public Reachability reachability() {
        return reachability;
    }
}
