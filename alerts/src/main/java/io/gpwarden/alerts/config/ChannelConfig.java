package io.gpwarden.alerts.config;

/** One place notifications go: an SNMP receiver or a set of mail recipients. */
public sealed interface ChannelConfig permits SnmpChannelConfig, MailChannelConfig {

    /** Unique among channels; used in routes, notification ids, logs and metrics. */
    String name();

    static String requireName(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            throw new IllegalArgumentException("channel name '" + name
                    + "' must be 1-63 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
        }
        return name;
    }

    /** Where a channel sends to; {@code where} names the channel in the message. */
    static void requireEndpoint(String where, String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(where + ": host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + ": port " + port + " is not in 1..65535");
        }
    }
}
