package io.gpwarden.alerts.config;

import io.gpwarden.config.Secret;
import java.util.Objects;

/**
 * SNMPv3 user-based security for one receiver: always authPriv. Only SHA-2 authentication
 * (HMAC-SHA-256 and up, RFC 7860) and AES privacy are offered: MD5, SHA-1 and DES are broken
 * or deprecated, and noAuthNoPriv would be v2c with extra steps.
 */
public record UsmCredentials(String user, AuthProtocol auth, Secret authPassphrase, PrivProtocol priv,
                             Secret privPassphrase) {

    public enum AuthProtocol { SHA256, SHA384, SHA512 }

    /** AES256 follows the Blumenthal key extension, as net-snmp's {@code AES-256}. */
    public enum PrivProtocol { AES128, AES256 }

    public UsmCredentials {
        if (user == null || user.isBlank() || user.length() > 32) {
            throw new IllegalArgumentException("usm.user must be 1..32 characters");
        }
        auth = auth == null ? AuthProtocol.SHA256 : auth;
        priv = priv == null ? PrivProtocol.AES128 : priv;
        Objects.requireNonNull(authPassphrase, "usm.authPassphrase is required (a secret reference)");
        Objects.requireNonNull(privPassphrase, "usm.privPassphrase is required (a secret reference)");
        if (authPassphrase.reveal().length() < 8) {
            throw new IllegalArgumentException("usm.authPassphrase (" + authPassphrase.source()
                    + ") must be at least 8 characters (RFC 3414)");
        }
        if (privPassphrase.reveal().length() < 8) {
            throw new IllegalArgumentException("usm.privPassphrase (" + privPassphrase.source()
                    + ") must be at least 8 characters (RFC 3414)");
        }
    }
}
