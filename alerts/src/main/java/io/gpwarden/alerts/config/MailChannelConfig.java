package io.gpwarden.alerts.config;

import io.gpwarden.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An SMTP server and the recipients of one channel. TLS is required: STARTTLS (required, not
 * opportunistic) or SMTPS, with the server certificate validated against the JVM trust store
 * or {@code trustStore}, and the host name checked unless {@code checkServerIdentity} is
 * turned off (for test servers with self-signed certificates only).
 *
 * @param username null for a server without authentication
 * @param password required when username is set
 * @param trustStore PKCS12 file with the CA or server certificate; null uses the JVM's
 */
public record MailChannelConfig(String name, String host, int port, MailSecurity security, String username,
                                Secret password, String from, List<String> to, Path trustStore,
                                Secret trustStorePassword, boolean checkServerIdentity,
                                Duration connectTimeout, Duration timeout) implements ChannelConfig {

    public enum MailSecurity { STARTTLS, SMTPS }

    public MailChannelConfig {
        ChannelConfig.requireName(name);
        String where = "mail channel '" + name + "'";
        ChannelConfig.requireEndpoint(where, host, port);
        security = security == null ? MailSecurity.STARTTLS : security;
        if (username != null && password == null) {
            throw new IllegalArgumentException(where + ": username is set, so password (a secret reference) is required");
        }
        if (from == null || !from.contains("@")) {
            throw new IllegalArgumentException(where + ": from must be an e-mail address, got '" + from + "'");
        }
        to = List.copyOf(to == null ? List.of() : to);
        if (to.isEmpty()) {
            throw new IllegalArgumentException(where + ": to must list at least one recipient");
        }
        for (String address : to) {
            if (!address.contains("@") || address.contains("\n") || address.contains("\r")) {
                throw new IllegalArgumentException(where + ": '" + address + "' in to is not an e-mail address");
            }
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }
}
