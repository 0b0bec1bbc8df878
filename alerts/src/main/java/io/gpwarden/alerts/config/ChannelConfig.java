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
}
