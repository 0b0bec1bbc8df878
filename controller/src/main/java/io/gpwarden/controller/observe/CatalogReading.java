package io.gpwarden.controller.observe;

import io.gpwarden.controller.catalog.CatalogSnapshot;
import java.util.Optional;

/**
 * The controller's latest knowledge of the catalog: the last snapshot that could be read, and
 * whether the most recent attempt failed. A failed attempt keeps the last snapshot (the probes
 * still need the primaries' addresses) but marks it stale, so nothing is concluded from it.
 */
public record CatalogReading(Optional<CatalogSnapshot> last, Optional<ReadFailure> failure) {

    public static final CatalogReading NONE = new CatalogReading(Optional.empty(), Optional.empty());

    public static CatalogReading of(CatalogSnapshot snapshot) {
        return new CatalogReading(Optional.of(snapshot), Optional.empty());
    }

    public CatalogReading failed(ReadFailure f) {
        return new CatalogReading(last, Optional.of(f));
    }

    /** The last snapshot, only if the latest attempt succeeded. */
    public Optional<CatalogSnapshot> fresh() {
        return failure.isPresent() ? Optional.empty() : last;
    }
}
