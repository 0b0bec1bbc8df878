package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.layout.HostPlan;
import io.gpwarden.testcluster.process.PostmasterPid;
import io.gpwarden.testcluster.process.ProcessLedger;
import io.gpwarden.testcluster.process.ProcessTable;
import io.gpwarden.testcluster.ssh.HostSshd;
import io.gpwarden.testcluster.state.ClusterState;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a running cluster for {@code gpwarden test-cluster status}: hosts and their SSH
 * endpoints, every instance with its catalog role/mode/status and its live postmaster PID, the
 * FTS daemon and its supervisor, etcd and Kafka, and the memory all of it holds.
 *
 * <p>{@link #health}: HEALTHY when every instance runs, is up and synced in its preferred role
 * (exit 0); DEGRADED otherwise (exit 1); UNREACHABLE when no coordinator answers (exit 3).
 */
public record ClusterStatus(ClusterState state, Optional<ClusterAccess.Endpoint> coordinator, boolean fromCatalog,
                            List<Instance> instances, List<Host> hosts, Optional<Long> ftsPid,
                            Optional<Long> ftsSupervisorPid, long rssKb, long pssKb, int processes) {

    public enum Health { HEALTHY, DEGRADED, UNREACHABLE }

    /** One instance: its catalog row and the postmaster PID found for its data directory. */
    public record Instance(SegmentRow row, Optional<Long> pid) {
    }

    /** One host: whether stop-host holds it down and its sshd PID. */
    public record Host(HostPlan plan, boolean stopped, Optional<Long> sshdPid) {
    }

    public static ClusterStatus of(RunningCluster cluster) throws IOException {
        ClusterAccess access = cluster.access();
        Optional<ClusterAccess.Endpoint> coordinator = access.actingCoordinator();
        List<SegmentRow> rows;
        boolean fromCatalog = true;
        try {
            rows = coordinator.isPresent() ? access.catalogRows() : List.of();
        } catch (SQLException e) {
            rows = List.of();
        }
        if (rows.isEmpty()) {
            fromCatalog = false;
            rows = cluster.instances();
        }
        List<Instance> instances = new ArrayList<>();
        for (SegmentRow r : rows) {
            instances.add(new Instance(r, PostmasterPid.live(Path.of(r.datadir()))));
        }
        List<ProcessLedger.Entry> entries = access.ledger().entries();
        List<Host> hosts = new ArrayList<>();
        for (HostPlan h : access.state().hosts()) {
            Optional<Long> sshd = entries.stream().filter(e -> e.name().equals(HostSshd.ledgerName(h.name())))
                    .findFirst().flatMap(ProcessLedger.Entry::livePid);
            hosts.add(new Host(h, cluster.isHostStopped(h.name()), sshd));
        }
        long rss = 0;
        long pss = 0;
        int count = 0;
        for (ProcessLedger.Entry e : entries) {
            Optional<Long> pid = e.livePid();
            if (pid.isEmpty()) {
                continue;
            }
            List<Long> tree = new ArrayList<>(List.of(pid.get()));
            tree.addAll(ProcessTable.descendants(pid.get()));
            for (long p : tree) {
                rss += ProcessTable.rssKb(p);
                pss += ProcessTable.pssKb(p);
                count++;
            }
        }
        return new ClusterStatus(access.state(), coordinator, fromCatalog, instances, hosts, FtsLauncher.daemonPid(access),
                FtsLauncher.supervisorPid(access), rss, pss, count);
    }

    public Health health() {
        if (coordinator.isEmpty()) {
            return Health.UNREACHABLE;
        }
        for (Instance i : instances) {
            SegmentRow r = i.row();
            if (i.pid().isEmpty() || !r.isUp() || !r.inPreferredRole() || (r.content() >= 0 && r.mode() != 's' && hasMirrors())) {
                return Health.DEGRADED;
            }
        }
        return Health.HEALTHY;
    }

    private boolean hasMirrors() {
        return instances.stream().anyMatch(i -> i.row().content() >= 0 && !i.row().isPrimary());
    }

    /** The human-readable report. */
    public List<String> render() {
        List<String> out = new ArrayList<>();
        out.add("gpwarden test cluster in " + state.root() + " (" + state.spec().describe() + "), created " + state.createdAt());
        out.add("health: " + health() + (coordinator.isPresent()
                ? "; acting coordinator " + coordinator.get().hostname() + " " + coordinator.get().address() + ":"
                + coordinator.get().port() : "; no coordinator accepts connections")
                + (fromCatalog ? "" : " (instances as created: catalog unreadable)"));
        out.add("");
        out.add(String.format("%-6s %-11s %-6s %-8s %s", "host", "address", "ssh", "state", "sshd pid"));
        for (Host h : hosts) {
            out.add(String.format("%-6s %-11s %-6d %-8s %s", h.plan().name(), h.plan().address(), state.sshPort(),
                    h.stopped() ? "STOPPED" : "up", h.sshdPid().map(String::valueOf).orElse("-")));
        }
        out.add("");
        out.add(String.format("%4s %7s %4s %4s %4s %6s %-6s %-17s %8s  %s", "dbid", "content", "role", "pref", "mode",
                "status", "host", "address:port", "pid", "datadir"));
        for (Instance i : instances) {
            SegmentRow r = i.row();
            out.add(String.format("%4d %7d %4s %4s %4s %6s %-6s %-17s %8s  %s", r.dbid(), r.content(), r.role(),
                    r.preferredRole(), r.mode(), r.status(), r.hostname(), r.address() + ":" + r.port(),
                    i.pid().map(String::valueOf).orElse("DOWN"), r.datadir()));
        }
        out.add("");
        String fts = ftsPid.map(p -> "pid " + p + ", supervisor pid " + ftsSupervisorPid.map(String::valueOf).orElse("-"))
                .orElse(ftsSupervisorPid.map(p -> "RESTARTING (supervisor pid " + p + ")").orElse("NOT RUNNING"));
        out.add("FTS: " + fts + " (probe interval "
                + state.fts().probeIntervalSeconds() + " s, timeout " + state.fts().probeTimeoutSeconds() + " s, retries "
                + state.fts().probeRetries() + "; log " + state.files().logsDir().resolve("fts.log") + ")");
        out.add("etcd: " + (state.etcdEndpoints() == null ? "not started (up --with-etcd 1|3)" : state.etcdEndpoints()));
        out.add("kafka: " + (state.kafkaBootstrap() == null ? "not started (up --with-kafka)" : state.kafkaBootstrap()));
        out.add("ssh: ssh -F " + state.files().sshConfig() + " <host> <command>");
        out.add(String.format("memory: %d processes, RSS %d MB, PSS %d MB", processes, rssKb / 1024, pssKb / 1024));
        return out;
    }
}
