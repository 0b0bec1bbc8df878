package io.gpwarden.controller.jdbc;

import io.gpwarden.config.SecretRef;
import io.gpwarden.controller.config.ClusterAccess;
import io.gpwarden.controller.config.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.postgresql.Driver;

/**
 * Opens pgjdbc connections with every timeout bounded, so no call into the database can hang a
 * thread for longer than its budget: TCP connect, login (a frozen postmaster accepts TCP and
 * never answers), each socket read, and each statement on the server side.
 *
 * <p>The password reference is resolved for each connection (a rotated file is picked up) and
 * goes only into the driver's properties; nothing here logs or keeps it. A missing variable or
 * an unsafe password file becomes a {@link CredentialsUnavailableException} (classified
 * {@link Reachability#MISCONFIGURED}), whose message names the key, never the value.
 */
public final class PgConnector {
    private static final Driver DRIVER = new Driver();

    private final ClusterAccess access;
    private final Supplier<Map<String, String>> environment;

    public PgConnector(ClusterAccess access) {
        this(access, System::getenv);
    }

    PgConnector(ClusterAccess access, Supplier<Map<String, String>> environment) {
        this.access = access;
        this.environment = environment;
    }

    public ClusterAccess access() {
        return access;
    }

    /**
     * Connects to {@code endpoint} with every wait bounded by {@code timeout}.
     *
     * @param utilityMode add Greenplum's {@code gp_session_role=utility}, required to connect to a
     *                    segment directly
     */
    public Connection connect(Endpoint endpoint, Duration timeout, boolean utilityMode) throws SQLException {
        Properties p = properties(timeout, utilityMode);
        Connection c = DRIVER.connect(url(endpoint), p);
        if (c == null) {
            throw new SQLException("pgjdbc refused the URL for " + endpoint, "08001");
        }
        return c;
    }

    String url(Endpoint endpoint) {
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return "jdbc:postgresql://" + host + ":" + endpoint.port() + "/" + access.database();
    }

    /** The driver properties; exposed for tests, which check the timeouts and that no secret leaks elsewhere. */
    Properties properties(Duration timeout, boolean utilityMode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", access.user());
        Optional<SecretRef> password = access.password();
        if (password.isPresent()) {
            try {
                p.setProperty("password", password.get().resolve(environment.get()).reveal());
            } catch (IllegalArgumentException e) {
                // A ConfigException: it names the key and the variable or file, never the value.
                throw new CredentialsUnavailableException(e.getMessage(), e);
            }
        }
        long millis = Math.max(1, timeout.toMillis());
        // connectTimeout and socketTimeout are whole seconds in pgjdbc; loginTimeout takes fractions
        // and is the one that bounds a login to a frozen server precisely.
        int wholeSeconds = (int) Math.max(1, (millis + 999) / 1000);
        p.setProperty("connectTimeout", Integer.toString(wholeSeconds));
        p.setProperty("socketTimeout", Integer.toString(wholeSeconds + 1));
        p.setProperty("loginTimeout", Double.toString(millis / 1000.0));
        p.setProperty("sslmode", access.sslMode());
        p.setProperty("gssEncMode", "disable");
        p.setProperty("ApplicationName", "gpwarden");
        String options = "-c statement_timeout=" + millis;
        if (utilityMode) {
            options += " -c gp_session_role=utility";
        }
        p.setProperty("options", options);
        return p;
    }
}
