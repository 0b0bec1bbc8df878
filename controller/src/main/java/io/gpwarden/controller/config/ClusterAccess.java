package io.gpwarden.controller.config;

import io.gpwarden.config.SecretRef;
import java.util.Optional;

/**
 * How the controller reaches one Greenplum cluster: the coordinator (and standby coordinator)
 * addresses from the configuration, because they must be known when the catalog cannot be
 * read, and the login used for both the catalog and the probes.
 *
 * <p>The password is a reference ({@code env:NAME} or {@code file:/path}), resolved at each
 * connection so a rotated file is picked up; this record never holds the secret itself, so its
 * {@code toString} is safe to log.
 *
 * @param name             the cluster's name, in every log line, alert and metric
 * @param coordinator      the coordinator ({@code master} in GP6 configs)
 * @param standby          the standby coordinator, when one is configured
 * @param database         the database to connect to for the catalog and the probes
 * @param user             the login role
 * @param password         the password reference; empty for trust, .pgpass or certificates
 * @param sslMode          pgjdbc's sslmode (disable, allow, prefer, require, verify-ca, verify-full)
 * @param segmentUtilityMode connect to primaries with {@code gp_session_role=utility}, which
 *                         Greenplum requires for a direct connection to a segment
 */
public record ClusterAccess(String name, Endpoint coordinator, Optional<Endpoint> standby, String database,
                            String user, Optional<SecretRef> password, String sslMode,
                            boolean segmentUtilityMode) {
}
