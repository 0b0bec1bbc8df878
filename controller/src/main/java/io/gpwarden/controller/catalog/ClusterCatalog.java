package io.gpwarden.controller.catalog;

import java.util.List;

/**
 * The coordinator's view of the cluster, read over SQL. The one place the controller learns
 * topology and Greenplum's own verdicts (FTS status, roles, sync modes).
 *
 * <p>Contracts, by timing and atomicity:
 * <ul>
 *   <li>{@link #read()} — one round trip to the coordinator, one read-only transaction: segments,
 *       replication senders and the WAL end are consistent with each other. Bounded by the
 *       catalog timeout; never retries by itself. Safe to call from any one thread at a time.</li>
 *   <li>{@link #diskFree()} — slow: on Greenplum it runs {@code df} on every segment host through
 *       an external web table. Bounded by the disk timeout. Independent of {@link #read()}.</li>
 *   <li>{@link #requestFtsProbe()} — blocks until Greenplum's FTS finished a fresh probe loop
 *       (gp_request_fts_probe_scan), which can take up to gp_fts_probe_timeout: call it off the
 *       probe schedule, at most one at a time. Best effort: a failure changes nothing.</li>
 * </ul>
 * Failures are {@link CatalogUnavailableException}s classified like probe results.
 */
public interface ClusterCatalog {

    CatalogSnapshot read() throws CatalogUnavailableException;

    List<DiskFree> diskFree() throws CatalogUnavailableException;

    void requestFtsProbe() throws CatalogUnavailableException;
}
