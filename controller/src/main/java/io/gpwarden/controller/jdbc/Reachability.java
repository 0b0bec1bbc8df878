package io.gpwarden.controller.jdbc;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What one attempt to reach a server says about it. Classification happens here, once, at the
 * JDBC boundary, because reading health wrong is how clusters get two primaries or none
 * (reliability §0.6): a wrong password, "too many connections" or "starting up" prove the server
 * is alive and must never count as "down".
 */
public enum Reachability {
    /** Connected and answered {@code SELECT 1}. */
    UP("up"),
    /** Refused, reset or closed the connection: nothing is listening or it is shutting down. */
    DOWN("down"),
    /** Did not answer within the timeout: frozen (SIGSTOP), overloaded, or a host that drops packets. */
    UNRESPONSIVE("unresponsive"),
    /** Alive but refusing new sessions: too many connections or out of resources (SQLSTATE 53xxx). */
    BUSY("busy"),
    /** Alive but not serving yet: starting up, shutting down or in recovery (SQLSTATE 57P03). */
    STARTING("starting"),
    /** Alive and refusing our login: wrong password or no pg_hba.conf entry (28P01, 28000). */
    LOGIN_REJECTED("login rejected"),
    /** Our configuration does not fit the server: unknown database or parameter, SSL mismatch, bad host name. */
    MISCONFIGURED("misconfigured"),
    /** Connected, but the query failed for another reason; the server is alive. */
    QUERY_FAILED("query failed");

    private final String label;

    Reachability(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Only these count towards a "down" verdict; everything else proves a live server. */
    public boolean countsAsDown() {
        return this == DOWN || this == UNRESPONSIVE;
    }

    /** A problem for the operator's configuration (password, pg_hba, database name), not for failover. */
    public boolean isConfigurationProblem() {
        return this == LOGIN_REJECTED || this == MISCONFIGURED;
    }

    /** Classifies a failed connection or query by SQLSTATE first, then by the transport's cause. */
    public static Reachability of(SQLException e) {
        if (e instanceof CredentialsUnavailableException) {
            return MISCONFIGURED;
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            return LOGIN_REJECTED;
        }
        if (state.startsWith("53")) {
            return BUSY;
        }
        if (state.equals("57P03")) {
            return STARTING;
        }
        if (state.equals("57P01") || state.equals("57P02")) {
            return DOWN;
        }
        if (state.equals("57014")) {
            // Canceled by our statement_timeout: the backend exists but SELECT 1 did not finish.
            return UNRESPONSIVE;
        }
        if (state.equals("3D000") || state.equals("42704") || state.equals("08004")) {
            return MISCONFIGURED;
        }
        Throwable cause = rootCause(e);
        if (cause instanceof UnknownHostException) {
            return MISCONFIGURED;
        }
        if (cause instanceof SocketTimeoutException) {
            return UNRESPONSIVE;
        }
        if (cause instanceof ConnectException || cause instanceof EOFException
                || cause instanceof NoRouteToHostException || cause instanceof java.net.SocketException) {
            return DOWN;
        }
        if (state.startsWith("08")) {
            // pgjdbc's own login timeout says "Connection attempt timed out." without a socket cause.
            String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            return message.contains("timed out") ? UNRESPONSIVE : DOWN;
        }
        return QUERY_FAILED;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        for (int i = 0; i < 10 && c.getCause() != null && c.getCause() != c; i++) {
            c = c.getCause();
        }
        return c;
    }
}
