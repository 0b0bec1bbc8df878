package io.gpwarden.layout.plan;

/**
 * Whose port and directory rules a plan follows. Hosts agree between the tools; ports and
 * directories do not (reference §2), so every plan names the rule it used.
 */
public enum PlacementRules {
    /** gpaddmirrors: port = target host's lowest primary port + j + offset, directory = mirrorDirs[j], j = mirrors already placed on the target. */
    GPADDMIRRORS,
    /** gpinitsystem: port = primary port + offset, directory = mirrorDirs[k], k = the primary's index on its own host. */
    GPINITSYSTEM;

    public String label() {
        return this == GPADDMIRRORS ? "gpaddmirrors" : "gpinitsystem";
    }
}
