package io.gpwarden.controller.decide;

/** How a condition ended, in the words of the "resolved" notification. */
final class Resolutions {
    private Resolutions() {
    }

    static String of(Condition c) {
        String where = c.dbid() != null ? "dbid " + c.dbid() + (c.host() == null ? "" : " on " + c.host())
                : c.host() == null ? "" : c.host();
        return switch (c.kind()) {
            case SEGMENT_DOWN -> where + " is up again";
            case MIRROR_PROMOTED -> "";
            case PAIR_NOT_IN_SYNC -> "seg" + c.content() + " is in sync again";
            case NOT_PREFERRED_ROLE -> "every segment is in its preferred role again";
            case COORDINATOR_UNREACHABLE -> "the coordinator answers again";
            case STANDBY_NOT_STREAMING -> "the standby coordinator is streaming again";
            case STANDBY_LAGGING -> "the standby coordinator caught up";
            case DISK_USAGE -> c.host() + " " + c.path() + " is back below the threshold band";
            case DISK_FORECAST -> "the trend of " + c.host() + " " + c.path() + " no longer points to full";
            case CONFIGURATION_ERROR -> c.key().equals(HostVerdicts.SSH_LOGIN_KEY) ? "SSH logins succeed again"
                    : "logins succeed again";
            case HOST_UNREACHABLE -> c.host() + " answers over SSH again";
            case HOST_KEY_REJECTED -> "the SSH host key of " + c.host() + " matches known_hosts again";
            case INSTANCE_NOT_SERVING -> "it no longer refuses sessions (it accepts them again, or stopped answering: then"
                    + " segment-down or coordinator-unreachable says so)";
            default -> "";
        };
    }
}
