package io.gpwarden.testcluster.fts;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.cluster.ClusterAccess;
import io.gpwarden.testcluster.process.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The FTS emulation: a small process started by {@code up} that plays Greenplum's ftsprobe
 * background worker for whichever instance is the acting coordinator.
 *
 * <p>Each loop, on every coordinator that accepts writes: bump {@code start_tick}, read
 * gp_segment_configuration, probe every primary in parallel ({@link FtsProber}), decide
 * ({@link FtsDecision}), write the catalog changes in one transaction, send PROMOTE / SYNCREP
 * messages, bump {@code end_tick}; then sleep until the next interval in {@code pg_sleep} on a
 * connection named {@code gp_fts_probe_waiter}, which {@code gp_request_fts_probe_scan()}
 * cancels to start a loop at once. With no coordinator up it does nothing and looks again every
 * second, so it resumes by itself after gpactivatestandby. Its own commits use
 * {@code synchronous_commit = local}, so a dead standby cannot stall the prober that would
 * switch synchronous replication off.
 *
 * <p>Usage: {@code java ... FtsDaemon <cluster-dir>}, under the supervisor of
 * {@link io.gpwarden.testcluster.cluster.FtsLauncher}; it exits when the cluster directory's
 * cluster.json disappears or its supervisor is gone.
 */
public final class FtsDaemon {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(java.time.ZoneId.systemDefault());

    private final ClusterAccess cluster;
    private final FtsSettings settings;
    private final FtsProber prober;
    private final Clock clock;
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "fts-probe");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    /** Per coordinator: when each mirror was first seen disconnected (survives reconnects). */
    private final Map<String, Map<Integer, Instant>> absences = new HashMap<>();

    /** Open connections to one coordinator. */
    private record Session(String key, Connection main, Connection waiter) {
    }

    public FtsDaemon(ClusterAccess cluster, Clock clock) {
        this.cluster = cluster;
        this.settings = cluster.state().fts();
        this.prober = new FtsProber(settings, cluster.state().database(), cluster.access().superuser(),
                cluster.access().password());
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: FtsDaemon <cluster-dir>");
            System.exit(2);
        }
        ClusterAccess cluster = ClusterAccess.open(Path.of(args[0]));
        new FtsDaemon(cluster, Clock.systemUTC()).run();
    }

    void run() {
        log("FTS: started (probe interval " + settings.probeIntervalSeconds() + " s, timeout "
                + settings.probeTimeoutSeconds() + " s, retries " + settings.probeRetries() + ", mirror down grace "
                + settings.mirrorDownGraceSeconds() + " s)");
        // the ledger records our supervisor (FtsLauncher), not us: once it is gone nothing would ever stop us
        ProcessHandle supervisor = ProcessHandle.current().parent().orElse(null);
        while (Files.exists(cluster.files().stateFile()) && (supervisor == null || supervisor.isAlive())) {
            Instant loopStart = clock.instant();
            Session sleeper = null;
            try {
                for (ClusterAccess.Endpoint e : cluster.coordinatorCandidates()) {
                    Session s = session(e);
                    if (s == null) {
                        continue;
                    }
                    try {
                        loop(e, s);
                        if (sleeper == null) {
                            sleeper = s;
                        }
                    } catch (SQLException | RuntimeException ex) {
                        log("FTS: loop on coordinator " + e.hostname() + " failed: " + ex.getMessage());
                        close(e);
                    }
                }
            } catch (java.io.IOException ex) {
                log("FTS: cannot read the cluster state: " + ex.getMessage());
            }
            long elapsed = Duration.between(loopStart, clock.instant()).toMillis();
            long remaining = sleeper == null ? 1000 : Math.max(0, settings.probeIntervalSeconds() * 1000L - elapsed);
            sleep(sleeper, remaining);
        }
        log(Files.exists(cluster.files().stateFile()) ? "FTS: supervisor gone; exiting" : "FTS: cluster state removed; exiting");
        pool.shutdownNow();
    }

    /** A session with the coordinator at {@code e}, or null when it is down or not writable. */
    private Session session(ClusterAccess.Endpoint e) {
        String key = e.address() + ":" + e.port();
        Session s = sessions.get(key);
        try {
            if (s != null && s.main().isValid(2) && s.waiter().isValid(2)) {
                return s;
            }
        } catch (SQLException ignored) {
            // fall through to reconnect
        }
        close(e);
        try {
            Connection main = cluster.connect(e.address(), e.port(), settings.probeTimeoutSeconds());
            try (Statement st = main.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    main.close();
                    return null;
                }
                st.execute("SET synchronous_commit = local");
                st.execute("SET application_name = 'gp_fts_prober'");
            }
            Connection waiter = cluster.connect(e.address(), e.port(), settings.probeTimeoutSeconds());
            try (Statement st = waiter.createStatement()) {
                st.execute("SET application_name = 'gp_fts_probe_waiter'");
            }
            Session fresh = new Session(key, main, waiter);
            sessions.put(key, fresh);
            log("FTS: probing from coordinator " + e.hostname() + " (" + key + ")");
            return fresh;
        } catch (SQLException ex) {
            return null;
        }
    }

    private void close(ClusterAccess.Endpoint e) {
        Session s = sessions.remove(e.address() + ":" + e.port());
        if (s != null) {
            for (Connection c : new Connection[] {s.main(), s.waiter()}) {
                try {
                    c.close();
                } catch (SQLException | RuntimeException ignored) {
                    // already broken
                }
            }
        }
    }

    private void loop(ClusterAccess.Endpoint self, Session s) throws SQLException {
        long tick;
        try (PreparedStatement ps = s.main().prepareStatement("UPDATE gpwarden_testcluster.fts_probe_state SET "
                + "start_tick = start_tick + 1, started_at = now(), worst_loop_ms = ? RETURNING start_tick")) {
            ps.setLong(1, settings.worstLoopMillis() + settings.probeIntervalSeconds() * 1000L);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                tick = rs.getLong(1);
            }
        }
        Catalog catalog = new Catalog(s.main());
        List<SegmentRow> rows = catalog.rows();
        Map<Integer, ProbeResult> probes = new HashMap<>();
        Map<Integer, Future<ProbeResult>> futures = new HashMap<>();
        for (SegmentRow r : rows) {
            if (!r.isPrimary()) {
                continue;
            }
            if (r.isCoordinatorSide()) {
                if (r.address().equals(self.address()) && r.port() == self.port()) {
                    probes.put(r.dbid(), FtsProber.self(r.dbid(), s.main()));
                }
            } else {
                futures.put(r.dbid(), pool.submit(() -> prober.probe(r)));
            }
        }
        for (Map.Entry<Integer, Future<ProbeResult>> f : futures.entrySet()) {
            try {
                probes.put(f.getKey(), f.getValue().get());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException ex) {
                probes.put(f.getKey(), ProbeResult.unreachable(f.getKey(), String.valueOf(ex.getCause())));
            }
        }
        FtsDecision.Outcome outcome = FtsDecision.decide(rows, probes,
                absences.getOrDefault(s.key(), Map.of()), clock.instant(), settings);
        absences.put(s.key(), new HashMap<>(outcome.mirrorAbsentSince()));
        outcome.log().forEach(this::log);
        try {
            catalog.apply(outcome.changes());
        } catch (Catalog.ConcurrentChangeException ex) {
            log("FTS: " + ex.getMessage() + "; the next loop decides again");
            endTick(s, tick);
            return;
        }
        for (FtsAction a : outcome.actions()) {
            send(a);
        }
        endTick(s, tick);
    }

    private static void endTick(Session s, long tick) throws SQLException {
        try (PreparedStatement ps = s.main().prepareStatement(
                "UPDATE gpwarden_testcluster.fts_probe_state SET end_tick = ?, ended_at = now()")) {
            ps.setLong(1, tick);
            ps.executeUpdate();
        }
    }

    /** Sends one FTS message: promotion with pg_ctl promote, sync rep on/off with ALTER SYSTEM. */
    private void send(FtsAction a) {
        SegmentRow t = a.target();
        switch (a.kind()) {
            case PROMOTE -> {
                ExternalCommand.Result r = ExternalCommand.run(cluster.access().asAccount("pg_ctl", "promote", "-D",
                        t.datadir(), "-w", "-t", "60"), cluster.access().environment(), Duration.ofSeconds(70));
                log("FTS: PROMOTE dbid=" + t.dbid() + (r.ok() ? ": done" : ": failed: " + r.output().strip()));
            }
            case SYNCREP_OFF, SYNCREP_ON -> {
                String sql = a.kind() == FtsAction.Kind.SYNCREP_ON
                        ? "ALTER SYSTEM SET synchronous_standby_names = '*'" : "ALTER SYSTEM RESET synchronous_standby_names";
                try (Connection c = prober.connect(t.address(), t.port()); Statement st = c.createStatement()) {
                    st.execute(sql);
                    st.execute("SELECT pg_reload_conf()");
                    log("FTS: " + a.kind() + " dbid=" + t.dbid() + ": done");
                } catch (SQLException ex) {
                    log("FTS: " + a.kind() + " dbid=" + t.dbid() + " failed: " + ex.getMessage());
                }
            }
        }
    }

    private void sleep(Session s, long millis) {
        if (millis <= 0) {
            return;
        }
        if (s == null) {
            pause(millis);
            return;
        }
        try (PreparedStatement ps = s.waiter().prepareStatement("SELECT pg_sleep(?)")) {
            ps.setDouble(1, millis / 1000.0);
            ps.execute();
        } catch (SQLException ex) {
            // 57014: gp_request_fts_probe_scan() cancelled the sleep: probe now
            if (!"57014".equals(ex.getSQLState())) {
                pause(Math.min(millis, 1000));
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void log(String line) {
        System.out.println(TS.format(clock.instant()) + " " + line);
        System.out.flush();
    }
}
