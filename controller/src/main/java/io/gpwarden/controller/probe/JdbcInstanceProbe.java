package io.gpwarden.controller.probe;

import io.gpwarden.controller.config.Endpoint;
import io.gpwarden.controller.jdbc.DriverMessages;
import io.gpwarden.controller.jdbc.PgConnector;
import io.gpwarden.controller.jdbc.Reachability;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link InstanceProbe} over pgjdbc: connect with every timeout set to the probe timeout, then
 * {@code SELECT 1} under a server-side statement timeout, then close.
 *
 * <p>Primaries are reached in Greenplum's utility mode ({@code gp_session_role=utility}), which
 * a real segment requires for a direct connection. A server that does not know that parameter
 * (a PostgreSQL-based stand-in, or a future release that drops it) is remembered and probed
 * without it, so the probe follows the server rather than the other way round.
 */
public final class JdbcInstanceProbe implements InstanceProbe {
    private final PgConnector connector;
    private final Duration timeout;
    private final boolean segmentUtilityMode;
    private final Clock clock;
    private final Set<Endpoint> withoutUtilityMode = ConcurrentHashMap.newKeySet();

    public JdbcInstanceProbe(PgConnector connector, Duration timeout, boolean segmentUtilityMode, Clock clock) {
        this.connector = connector;
        this.timeout = timeout;
        this.segmentUtilityMode = segmentUtilityMode;
        this.clock = clock;
    }

    @Override
    public ProbeResult probe(ProbeTarget target) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        boolean utility = segmentUtilityMode && target.kind() == ProbeTarget.Kind.PRIMARY
                && !withoutUtilityMode.contains(target.endpoint());
        try {
            selectOne(target.endpoint(), utility);
            return ProbeResult.up(target, at, Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException e) {
            if (utility && rejectsUtilityMode(e)) {
                withoutUtilityMode.add(target.endpoint());
                return probe(target);
            }
            Reachability r = Reachability.of(e);
            if (r == Reachability.STARTING && target.kind() == ProbeTarget.Kind.STANDBY && isWarmStandbyRefusal(e)) {
                // A standby coordinator is not a hot standby: refusing logins while it replays WAL is its healthy state.
                return ProbeResult.up(target, at, Duration.ofNanos(System.nanoTime() - start));
            }
            return new ProbeResult(target, r, at, Duration.ofNanos(System.nanoTime() - start),
                    oneLine(e.getMessage()), e.getSQLState() == null ? "" : e.getSQLState());
        } catch (RuntimeException e) {
            return new ProbeResult(target, Reachability.QUERY_FAILED, at, Duration.ofNanos(System.nanoTime() - start),
                    e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()), "");
        }
    }

    private void selectOne(Endpoint endpoint, boolean utility) throws SQLException {
        try (Connection c = connector.connect(endpoint, timeout, utility);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
        }
    }

    private static boolean rejectsUtilityMode(SQLException e) {
        return "42704".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains("gp_session_role");
    }

    /**
     * How a server in standby mode with hot_standby off refuses a login: "the database system is in
     * recovery mode" (Greenplum 6, PostgreSQL 9.4) or "the database system is not accepting
     * connections", detail "Hot standby mode is disabled." (PostgreSQL 14 and later). Not "starting
     * up" or "shutting down": those are transitions, not a standby at rest.
     */
    static boolean isWarmStandbyRefusal(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("recovery mode") || m.contains("hot standby mode is disabled");
    }

    private static String oneLine(String s) {
        return DriverMessages.oneLine(s);
    }
}
