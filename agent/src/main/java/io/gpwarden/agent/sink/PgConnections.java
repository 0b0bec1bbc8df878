package io.gpwarden.agent.sink;

import io.gpwarden.agent.job.DatabaseTarget;
import io.gpwarden.config.ConfigException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections to the job's coordinator. The password is resolved at each connect (a
 * rotated secret file is picked up); without one the driver reads .pgpass. Timeouts are bounded
 * so a hung server is noticed: connect 10 s, socket reads {@code socketTimeoutSeconds}.
 */
public final class PgConnections {
    private final DatabaseTarget target;
    private final String applicationName;
    private final int socketTimeoutSeconds;

    public PgConnections(DatabaseTarget target, String applicationName, int socketTimeoutSeconds) {
        this.target = target;
        this.applicationName = applicationName;
        this.socketTimeoutSeconds = socketTimeoutSeconds;
    }

    public Connection open() throws SinkException {
        Properties p = new Properties();
        p.setProperty("user", target.user());
        try {
            target.password().ifPresent(ref -> p.setProperty("password", ref.resolve().reveal()));
        } catch (ConfigException e) {
            throw new SinkException(SinkException.Kind.CREDENTIALS, e.getMessage(), e);
        }
        p.setProperty("ApplicationName", applicationName.length() > 60 ? applicationName.substring(0, 60) : applicationName);
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("loginTimeout", "15");
        try {
            return DriverManager.getConnection(target.jdbcUrl(), p);
        } catch (SQLException e) {
            throw SinkException.of("cannot connect to " + target, e);
        }
    }

    public DatabaseTarget target() {
        return target;
    }
}
