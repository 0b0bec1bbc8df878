package io.gpwarden.testcluster.cli;

import io.gpwarden.testcluster.cluster.ClusterLauncher;
import io.gpwarden.testcluster.cluster.RunningCluster;
import io.gpwarden.testcluster.cluster.UpOptions;
import io.gpwarden.testcluster.fts.FtsSettings;
import io.gpwarden.testcluster.layout.ClusterSpec;
import io.gpwarden.testcluster.layout.Mirroring;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gpwarden test-cluster up}: creates and starts a stand-in cluster that outlives this command. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Create and start a Greenplum stand-in made of PostgreSQL servers: coordinator (cdw), standby "
                + "(scdw), primaries and mirrors on sdw1..sdwN, each host with its own 127.0.1.N address and sshd, the "
                + "Greenplum catalog, the FTS emulation and the gp utilities; writes DIR/controller.yaml for "
                + "gpwarden status and gpwarden controller run.",
                "Refuses (exit 2) if a cluster is already running in --dir; cleans up what a crashed run left there."})
public final class UpCommand extends ClusterCommand {
    @Mixin
    ClusterDirOption dir;

    @Option(names = "--hosts", defaultValue = "4", paramLabel = "N", description = "Segment hosts sdw1..sdwN (0: coordinator only; default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--primaries-per-host", defaultValue = "2", paramLabel = "P", description = "Primaries per segment host (default ${DEFAULT-VALUE}).")
    int primariesPerHost;

    @Option(names = "--mirroring", defaultValue = "group", paramLabel = "group|spread|none",
            description = "Mirror placement, gpaddmirrors' rules (default ${DEFAULT-VALUE}).")
    String mirroring;

    @Option(names = "--standby", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Standby coordinator on scdw (default: on; --no-standby for none).")
    boolean standby;

    @Option(names = "--with-etcd", defaultValue = "0", paramLabel = "1|3", description = "Also start etcd with 1 or 3 members.")
    int etcd;

    @Option(names = "--with-kafka", description = "Also start a single-node Kafka KRaft broker.")
    boolean kafka;

    @Option(names = "--fts-probe-interval", paramLabel = "SECONDS", description = "gp_fts_probe_interval (stand-in default 2).")
    Integer probeInterval;

    @Option(names = "--fts-probe-timeout", paramLabel = "SECONDS", description = "gp_fts_probe_timeout (stand-in default 2).")
    Integer probeTimeout;

    @Option(names = "--fts-probe-retries", paramLabel = "N", description = "gp_fts_probe_retries, attempts before a primary counts as down (stand-in default 3).")
    Integer probeRetries;

    @Option(names = "--fts-mirror-down-grace", paramLabel = "SECONDS", description = "gp_fts_mark_mirror_down_grace_period (stand-in default 3).")
    Integer grace;

    @Option(names = "--greenplum-fts-defaults", description = "Use Greenplum's own FTS defaults (60 s interval, 20 s timeout, 5 retries, 30 s grace).")
    boolean greenplumDefaults;

    @Option(names = "--no-fsync", description = "fsync=off on every server: faster, not crash-safe; never for durability tests.")
    boolean noFsync;

    @Override
    int execute() throws Exception {
        ClusterSpec spec = new ClusterSpec(hosts, primariesPerHost, Mirroring.parse(mirroring), standby, etcd, kafka).validate();
        FtsSettings base = greenplumDefaults ? FtsSettings.greenplumDefaults() : FtsSettings.standIn();
        FtsSettings fts = new FtsSettings(
                probeInterval != null ? probeInterval : base.probeIntervalSeconds(),
                probeTimeout != null ? probeTimeout : base.probeTimeoutSeconds(),
                probeRetries != null ? probeRetries : base.probeRetries(),
                grace != null ? grace : base.mirrorDownGraceSeconds(),
                base.retryPauseMillis()).validate();
        PrintStream progress = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                out().write(b);
            }

            @Override
            public void flush() {
                out().flush();
            }
        }, true);
        RunningCluster cluster = new ClusterLauncher(new UpOptions(spec, dir.dir(), fts, !noFsync, false, progress)).up();
        String dirOption = dir.dir().equals(java.nio.file.Path.of(".gpwarden/cluster").toAbsolutePath().normalize())
                ? "" : " --dir " + dir.dir();
        out().println("gpwarden test-cluster: ready (" + cluster.files().root() + "). Next: gpwarden test-cluster status"
                + dirOption + "; eval \"$(gpwarden test-cluster env" + dirOption + ")\"");
        return OK;
    }
}
