package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.cluster.ClusterAccess;
import io.gpwarden.testcluster.layout.ClusterLayout;
import io.gpwarden.testcluster.layout.HostPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpinitstandby -s HOST [-S DIR] [-P PORT] [-a]}: makes a standby coordinator on HOST, a
 * pg_basebackup of the acting coordinator streaming from it, added to the catalog as content -1
 * role m (next dbid). Defaults: the coordinator's port and HOST's coordinator directory. Refused
 * when a standby exists or the directory is in use. {@code -r} removes the standby (stops it,
 * deletes its row).
 */
@Command(name = "gpinitstandby", description = "Initialize a standby coordinator")
public final class GpInitStandby implements Utility {
    @Option(names = "-s", paramLabel = "<standby_hostname>") String standbyHost;
    @Option(names = "-S", paramLabel = "<standby_data_directory>") String standbyDir;
    @Option(names = "-P", paramLabel = "<standby_port>") Integer standbyPort;
    @Option(names = "-r", description = "remove the standby coordinator") boolean remove;
    @Option(names = "-a", description = "don't ask to confirm") boolean noPrompt;
    @Option(names = "-q") boolean quiet;
    @Option(names = "-D") boolean debug;
    @Option(names = "-l") String logDir;
    @Option(names = {"-h", "-?", "--help"}, usageHelp = true) boolean help;

    @Override
    public int run(UtilityContext ctx) throws Exception {
        GpLog log = ctx.log();
        log.quiet(quiet);
        List<SegmentRow> rows = ctx.catalog();
        SegmentRow coordinator = rows.stream().filter(r -> r.content() == -1 && r.isPrimary()).findFirst().orElseThrow();
        Optional<SegmentRow> existing = rows.stream().filter(r -> r.content() == -1 && !r.isPrimary()).findFirst();
        if (remove) {
            return remove(ctx, existing);
        }
        if (standbyHost == null) {
            throw new UtilityFailure(2, "Option -s (standby host) is required");
        }
        if (existing.isPresent()) {
            throw new UtilityFailure(2, "Standby coordinator already configured on " + existing.get().hostname()
                    + "; remove it first with gpinitstandby -r");
        }
        HostPlan host = ctx.hostByAddress(standbyHost).orElseThrow(() -> new UtilityFailure(2, "Unknown host " + standbyHost
                + "; the hosts are " + String.join(", ", ctx.cluster().state().hostNames())));
        if (!ctx.reachable(host.name())) {
            throw new UtilityFailure(2, "Unable to connect to host " + host.name());
        }
        int port = standbyPort != null ? standbyPort : coordinator.port();
        Path dir = standbyDir != null ? Path.of(standbyDir).toAbsolutePath().normalize()
                : ClusterLayout.coordinatorDataDirectory(ctx.cluster().files().root(), host.name());
        if (host.name().equals(coordinator.hostname()) && port == coordinator.port()) {
            throw new UtilityFailure(2, "Standby coordinator cannot use the coordinator's host and port");
        }
        if (!dir.startsWith(ctx.cluster().files().hostRoot(host.name()))) {
            throw new UtilityFailure(2, "Directory " + dir + " is not on " + host.name() + "'s disk ("
                    + ctx.cluster().files().hostRoot(host.name()) + "/...)");
        }
        log.info("Validating environment and parameters for standby initialization...");
        log.info("Checking for data directory " + dir + " on " + host.name());
        if (Files.exists(dir)) {
            throw new UtilityFailure(2, "Data directory " + dir + " already exists on host " + host.name());
        }
        int dbid = rows.stream().mapToInt(SegmentRow::dbid).max().orElse(0) + 1;
        SegmentRow standby = new SegmentRow(dbid, -1, 'm', 'm', 'n', 'u', port, host.name(), host.address(), dir.toString());
        log.info("------------------------------------------------------");
        log.info("Greenplum standby coordinator initialization parameters");
        log.info("------------------------------------------------------");
        log.info("Greenplum coordinator hostname               = " + coordinator.hostname());
        log.info("Greenplum coordinator data directory         = " + coordinator.datadir());
        log.info("Greenplum coordinator port                   = " + coordinator.port());
        log.info("Greenplum standby coordinator hostname       = " + host.name());
        log.info("Greenplum standby coordinator port           = " + port);
        log.info("Greenplum standby coordinator data directory = " + dir);
        if (!noPrompt && !ctx.askYesNo("Do you want to continue with standby coordinator initialization?")) {
            log.info("User abort requested, Exiting.");
            return 4;
        }
        log.info("Adding standby coordinator to catalog...");
        try (Connection c = ctx.cluster().connectCoordinator()) {
            new Catalog(c).apply(List.of(Catalog.Change.put(standby, "gpinitstandby: standby dbid " + dbid + " added on "
                    + host.name())));
        }
        log.info("Database catalog updated successfully.");
        SegmentOps ops = new SegmentOps(ctx.cluster());
        var r = ops.basebackup(standby, coordinator);
        if (!r.ok()) {
            try (Connection c = ctx.cluster().connectCoordinator()) {
                new Catalog(c).apply(List.of(Catalog.Change.delete(dbid, "gpinitstandby: failed, standby row removed")));
            }
            throw new UtilityFailure(1, "Error initializing standby coordinator: " + r.output().strip());
        }
        ctx.cluster().addCoordinatorCandidate(new ClusterAccess.Endpoint(host.name(), host.address(), port, dir.toString()));
        ops.start(standby, Optional.of(coordinator));
        ops.awaitMirrorConnected(coordinator, Duration.ofSeconds(120));
        log.info("Successfully created standby coordinator on " + host.name());
        return 0;
    }

    private int remove(UtilityContext ctx, Optional<SegmentRow> existing) throws Exception {
        if (existing.isEmpty()) {
            throw new UtilityFailure(2, "No standby coordinator configured");
        }
        SegmentRow s = existing.get();
        if (!noPrompt && !ctx.askYesNo("Do you want to continue with deleting the standby coordinator?")) {
            return 4;
        }
        new SegmentOps(ctx.cluster()).stop(s);
        try (Connection c = ctx.cluster().connectCoordinator()) {
            new Catalog(c).apply(List.of(Catalog.Change.delete(s.dbid(), "gpinitstandby: standby dbid " + s.dbid() + " removed")));
        }
        ctx.log().info("Successfully removed standby coordinator");
        return 0;
    }
}
