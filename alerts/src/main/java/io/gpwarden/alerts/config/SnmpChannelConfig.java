package io.gpwarden.alerts.config;

import io.gpwarden.config.Secret;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One SNMP receiver (manager). One channel is one receiver so that a retry never re-sends to
 * a receiver that already acknowledged; list several channels in a route to reach several.
 *
 * @param version         V3 (default; USM authPriv) or V2C (explicit opt-in; community string)
 * @param pdu             INFORM (acknowledged, retried: exactly-once capable) or TRAP (best effort)
 * @param community       v2c only
 * @param usm             v3 only: user, SHA-2 auth and AES priv passphrases
 * @param localEngineId   hex engine id gpwarden uses as the authoritative engine of its v3
 *                        TRAPs (receivers configure it, e.g. snmptrapd {@code createUser -e});
 *                        null means {@link #DEFAULT_ENGINE_ID}
 * @param style           GPWARDEN (our MIB), GREENPLUM ({@code gpdbAlert}) or BOTH
 * @param timeout         per-attempt timeout of an INFORM
 * @param retries         INFORM retransmissions within one delivery attempt
 * @param systemName      {@code gpdbAlertSystemName} when the incident has no host:port
 */
public record SnmpChannelConfig(String name, String host, int port, SnmpVersion version, SnmpPdu pdu,
                                Secret community, UsmCredentials usm, String localEngineId,
                                NotificationStyle style, Duration timeout, int retries, String systemName)
        implements ChannelConfig {

    /**
     * RFC 3411 text-format engine id under the documentation enterprise number 32473
     * (RFC 5612) with the text "gpwarden": 80 00 7e d9 04 67 70 77 61 72 64 65 6e.
     */
    public static final String DEFAULT_ENGINE_ID = "80007ed904" + HexFormat.of().formatHex("gpwarden".getBytes());

    public enum SnmpVersion { V2C, V3 }

    public enum SnmpPdu { TRAP, INFORM }

    public enum NotificationStyle { GPWARDEN, GREENPLUM, BOTH }

    public SnmpChannelConfig {
        ChannelConfig.requireName(name);
        String where = "snmp channel '" + name + "'";
        ChannelConfig.requireEndpoint(where, host, port);
        version = version == null ? SnmpVersion.V3 : version;
        pdu = pdu == null ? SnmpPdu.INFORM : pdu;
        style = style == null ? NotificationStyle.GPWARDEN : style;
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(where + ": timeout must be positive");
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException(where + ": retries must be in 0..10, got " + retries);
        }
        if (version == SnmpVersion.V2C) {
            Objects.requireNonNull(community, where + ": version v2c needs a community (a secret reference)");
            if (usm != null) {
                throw new IllegalArgumentException(where + ": usm settings are for version v3 only");
            }
        } else {
            if (usm == null) {
                throw new IllegalArgumentException(where + ": version v3 needs usm (user, auth, priv)");
            }
            if (community != null) {
                throw new IllegalArgumentException(where + ": community is for version v2c only");
            }
        }
        localEngineId = localEngineId == null ? DEFAULT_ENGINE_ID : localEngineId.toLowerCase().replaceFirst("^0x", "");
        if (!localEngineId.matches("([0-9a-f]{2}){5,32}")) {
            throw new IllegalArgumentException(where + ": localEngineId must be 5 to 32 bytes of hex, got '"
                    + localEngineId + "'");
        }
        systemName = systemName == null ? "" : systemName;
    }

    /** A v3 channel with defaults: INFORM, our MIB, 2 s timeout, 2 retries. */
    public static SnmpChannelConfig v3(String name, String host, int port, UsmCredentials usm) {
        return new SnmpChannelConfig(name, host, port, SnmpVersion.V3, SnmpPdu.INFORM, null, usm, null,
                NotificationStyle.GPWARDEN, Duration.ofSeconds(2), 2, "");
    }

    /** A v2c channel: an explicit opt-in, since a community string protects nothing on the wire. */
    public static SnmpChannelConfig v2c(String name, String host, int port, Secret community, SnmpPdu pdu) {
        return new SnmpChannelConfig(name, host, port, SnmpVersion.V2C, pdu, community, null, null,
                NotificationStyle.GPWARDEN, Duration.ofSeconds(2), 2, "");
    }

    public SnmpChannelConfig withStyle(NotificationStyle newStyle) {
        return new SnmpChannelConfig(name, host, port, version, pdu, community, usm, localEngineId, newStyle,
                timeout, retries, systemName);
    }

    public SnmpChannelConfig withPdu(SnmpPdu newPdu) {
        return new SnmpChannelConfig(name, host, port, version, newPdu, community, usm, localEngineId, style,
                timeout, retries, systemName);
    }

    public SnmpChannelConfig withTimeout(Duration newTimeout, int newRetries) {
        return new SnmpChannelConfig(name, host, port, version, pdu, community, usm, localEngineId, style,
                newTimeout, newRetries, systemName);
    }
}
