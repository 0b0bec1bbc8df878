package io.gpwarden.agent.job;

import io.gpwarden.config.SecretRef;
import java.util.Optional;

/**
 * The Greenplum coordinator a job writes to. The password is a reference (literal in the file as
 * GPSS allows, env:NAME or file:/path); without one the driver falls back to .pgpass. Its
 * {@code toString} never shows the password.
 */
public record DatabaseTarget(String host, int port, String database, String user, Optional<SecretRef> password) {

    public String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database;
    }
}
