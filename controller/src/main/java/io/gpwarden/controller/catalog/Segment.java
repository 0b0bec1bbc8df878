package io.gpwarden.controller.catalog;

import io.gpwarden.controller.config.Endpoint;
import java.util.Objects;

/**
 * One row of {@code gp_segment_configuration}: an instance as Greenplum's FTS last recorded it.
 * Content -1 is the coordinator (role primary) and the standby coordinator (role mirror); 0..N-1
 * are segments, a primary and its mirror sharing a content.
 *
 * @param datadir the data directory; null on GP5, where it lives in pg_filespace_entry and the
 *                catalog reader could not join it
 */
public record Segment(int dbid, int content, Role role, Role preferredRole, Mode mode, Status status,
                      String hostname, String address, int port, String datadir) {

    /** {@code role} / {@code preferred_role}: 'p' or 'm'. */
    public enum Role {
        PRIMARY, MIRROR;

        static Role parse(String code) {
            return switch (code) {
                case "p" -> PRIMARY;
                case "m" -> MIRROR;
                default -> throw new IllegalArgumentException("unknown role '" + code + "'");
            };
        }

        public String code() {
            return this == PRIMARY ? "p" : "m";
        }
    }

    /**
     * {@code mode}: GP6/7 write 's' (synchronized) or 'n' (not in sync); GP5 wrote 's', 'c'
     * (change tracking) and 'r' (resyncing). Anything but SYNCED means the pair is not in sync.
     */
    public enum Mode {
        SYNCED, NOT_SYNCED, CHANGE_TRACKING, RESYNCING;

        static Mode parse(String code) {
            return switch (code) {
                case "s" -> SYNCED;
                case "n" -> NOT_SYNCED;
                case "c" -> CHANGE_TRACKING;
                case "r" -> RESYNCING;
                default -> throw new IllegalArgumentException("unknown mode '" + code + "'");
            };
        }

        public String code() {
            return switch (this) {
                case SYNCED -> "s";
                case NOT_SYNCED -> "n";
                case CHANGE_TRACKING -> "c";
                case RESYNCING -> "r";
            };
        }
    }

    /** {@code status}: 'u' up or 'd' down, as FTS last marked it. */
    public enum Status {
        UP, DOWN;

        static Status parse(String code) {
            return switch (code) {
                case "u" -> UP;
                case "d" -> DOWN;
                default -> throw new IllegalArgumentException("unknown status '" + code + "'");
            };
        }

        public String code() {
            return this == UP ? "u" : "d";
        }
    }

    public Segment {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(preferredRole, "preferredRole");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(hostname, "hostname");
        address = address == null || address.isBlank() ? hostname : address;
    }

    public boolean isCoordinatorOrStandby() {
        return content < 0;
    }

    public boolean isPrimary() {
        return role == Role.PRIMARY;
    }

    public boolean isUp() {
        return status == Status.UP;
    }

    public boolean inPreferredRole() {
        return role == preferredRole;
    }

    /** Where the controller connects to reach this instance (the catalog's address and port). */
    public Endpoint endpoint() {
        return new Endpoint(address, port);
    }

    /** "primary seg0 (dbid 2) on sdw1:6000", "standby coordinator (dbid 9) on scdw:5432": for messages. */
    public String describe() {
        String what;
        if (content < 0) {
            what = isPrimary() ? "coordinator" : "standby coordinator";
        } else {
            what = (isPrimary() ? "primary" : "mirror") + " seg" + content;
        }
        return what + " (dbid " + dbid + ") on " + hostname + ":" + port;
    }
}
