package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.Catalog;
import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.cluster.ClusterAccess;
import io.gpwarden.testcluster.postgres.NodeConfig;
import io.gpwarden.testcluster.process.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpactivatestandby}: promotes the standby coordinator whose data directory is given
 * ({@code -d}, default $COORDINATOR_DATA_DIRECTORY) and makes the catalog show it as the
 * coordinator (its row becomes role p / preferred p; the old coordinator's row is removed, and
 * there is no standby until gpinitstandby).
 *
 * <p>Checks, as Greenplum's: {@code standby.signal} must exist in the directory (run it on the
 * standby host); the old coordinator, found from the standby's primary_conninfo, must not look
 * alive: while its {@code postmaster.pid} exists the activation is refused unless {@code -f}
 * (a host that cannot be reached counts as not alive, as the SSH check fails there); a standby
 * that is not running needs {@code -f}. Without {@code -a} it asks for confirmation. Exit 0 on
 * success, 2 on an error ("Error activating standby coordinator: ...").
 */
@Command(name = "gpactivatestandby", description = "Activates a standby coordinator instance when the primary coordinator instance has failed.")
public final class GpActivateStandby implements Utility {
    @Option(names = {"-d", "--master-data-directory", "--coordinator-data-directory"}, paramLabel = "<standby data directory>")
    String dataDirectory;
    @Option(names = {"-f", "--force"}, description = "force activation") boolean force;
    @Option(names = "-a", description = "don't ask to confirm standby coordinator activation") boolean noPrompt;
    @Option(names = {"-q", "--quiet"}) boolean quiet;
    @Option(names = {"-l", "--logfile"}) String logDir;
    @Option(names = "-v") boolean version;
    @Option(names = {"-h", "-?", "--help"}, usageHelp = true) boolean help;

    @Override
    public int run(UtilityContext ctx) throws Exception {
        GpLog log = ctx.log();
        log.quiet(quiet);
        if (version) {
            System.out.println("gpactivatestandby version (gpwarden test cluster)");
            return 0;
        }
        if (dataDirectory == null) {
            log.info("Option -d or --master-data-directory not set. Checking environment variable COORDINATOR_DATA_DIRECTORY");
            Optional<String> env = ctx.coordinatorDataDirectoryFromEnv();
            if (env.isEmpty()) {
                log.fatal("Both -d parameter and COORDINATOR_DATA_DIRECTORY environment variable are not set.");
                log.fatal("Required option coordinator data directory is missing.");
                return 2;
            }
            dataDirectory = env.get();
        }
        Path dir = Path.of(dataDirectory).toAbsolutePath().normalize();
        String pgport = ctx.env().get("PGPORT");
        if (pgport == null || pgport.isBlank()) {
            log.fatal("PGPORT environment variable not set.");
            return 2;
        }
        if (logDir != null && !Files.isDirectory(Path.of(logDir))) {
            log.fatal("Log directory " + logDir + " does not exist.");
            return 2;
        }
        try {
            SegmentOps ops = new SegmentOps(ctx.cluster());
            boolean standbyRunning = io.gpwarden.testcluster.process.PostmasterPid.live(dir).isPresent();
            log.info("-----------------------------------------------------");
            log.info("Standby data directory    = " + dir);
            log.info("Standby port              = " + pgport);
            if (logDir != null) {
                log.info("Log directory             = " + logDir);
            }
            log.info("Standby running           = " + (standbyRunning ? "yes" : "no"));
            log.info("Force standby activation  = " + (force ? "yes" : "no"));
            log.info("-----------------------------------------------------");
            checkOriginalCoordinator(ctx, dir);
            if (!standbyRunning && !force) {
                log.warn("If you wish to continue you must use the -f option to force");
                log.warn("the activation process.");
                throw new IllegalStateException("Force activation required");
            }
            if (!noPrompt && !ctx.askYesNo("Do you want to continue with standby coordinator activation?")) {
                throw new IllegalStateException("User canceled");
            }
            if (!standbyRunning) {
                log.info("Starting standby coordinator database in utility mode...");
                ExternalCommand.run(ctx.cluster().access().asAccount("pg_ctl", "-D", dir.toString(), "-l",
                        dir.resolveSibling(dir.getFileName() + ".log").toString(), "-w", "-t", "120", "start"),
                        ctx.cluster().access().environment(), java.time.Duration.ofSeconds(130)).orThrow();
            } else {
                log.info("found standby postmaster process");
            }
            log.info("Promoting standby...");
            ExternalCommand.Result r = ops.promote(dir.toString());
            if (!r.ok()) {
                throw new IllegalStateException("pg_ctl promote failed: " + r.output().strip());
            }
            log.info("Reading current configuration...");
            NodeConfig node = NodeConfig.read(dir);
            SegmentRow newCoordinator = updateCatalog(ctx, dir, node);
            log.info("-----------------------------------------------------");
            log.info("The activation of the standby coordinator has completed successfully.");
            log.info(ctx.host() + " is now the new primary coordinator.");
            log.info("You will need to update your user access mechanism to reflect");
            log.info("the change of coordinator hostname.");
            log.info("Do not re-start the failed coordinator while the fail-over coordinator is");
            log.info("operational, this could result in database corruption!");
            log.info("COORDINATOR_DATA_DIRECTORY is now " + dir + " if");
            log.info("this has changed as a result of the standby coordinator activation, remember");
            log.info("to change this in any startup scripts etc, that may be configured");
            log.info("to set this value.");
            log.info("COORDINATOR_PORT is now " + newCoordinator.port() + ", if this has changed, you");
            log.info("may need to make additional configuration changes to allow access");
            log.info("to the Greenplum instance.");
            log.info("Refer to the Administrator Guide for instructions on how to re-activate");
            log.info("the coordinator to its previous state once it becomes available.");
            log.info("Query planner statistics must be updated on all databases");
            log.info("following standby coordinator activation.");
            log.info("When convenient, run ANALYZE against all user databases.");
            log.info("-----------------------------------------------------");
            return 0;
        } catch (Exception e) {
            log.fatal("Error activating standby coordinator: " + e.getMessage());
            return 2;
        }
    }

    /** Greenplum's check_original_coordinator_status, with the pid-file test the stand-in documents. */
    private void checkOriginalCoordinator(UtilityContext ctx, Path dir) throws Exception {
        GpLog log = ctx.log();
        Path signal = dir.resolve("standby.signal");
        if (!Files.exists(signal)) {
            log.warn("Please make sure the command gpactivatestandby is executed on current Standby host");
            throw new IllegalStateException("Critical required file on standby \"" + signal + "\" is not present.");
        }
        NodeConfig node = NodeConfig.read(dir);
        String host = "";
        int port = 0;
        if (node.primaryConninfo() != null) {
            for (String token : node.primaryConninfo().split("\\s+")) {
                String[] kv = token.split("=", 2);
                if (kv.length == 2 && kv[0].equals("host")) {
                    host = kv[1];
                } else if (kv.length == 2 && kv[0].equals("port")) {
                    port = Integer.parseInt(kv[1]);
                }
            }
        }
        final String oldHost = host;
        final int oldPort = port;
        Optional<ClusterAccess.Endpoint> old = ctx.cluster().coordinatorCandidates().stream()
                .filter(e -> e.address().equals(oldHost) && e.port() == oldPort).findFirst();
        if (old.isEmpty() || !ctx.reachable(old.get().hostname())) {
            return;
        }
        Path pidFile = Path.of(old.get().datadir()).resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            log.warn("Appears that there is an active postgres process on " + oldHost + " port=" + oldPort);
            log.warn("Need to stop current coordinator before activating the standby.");
            log.warn("Found " + pidFile + " on " + old.get().hostname() + ".");
            if (force) {
                log.warn("Continuing because -f was given.");
                return;
            }
            log.warn("If it is left from a crash, delete it, or use -f to force the activation.");
            log.warn("Then call this utility again.");
            throw new IllegalStateException("Active postgres process on coordinator");
        }
    }

    /** The promoted standby becomes the coordinator in its own catalog; the old coordinator's row goes. */
    private SegmentRow updateCatalog(UtilityContext ctx, Path dir, NodeConfig node) throws Exception {
        try (Connection c = ctx.cluster().connect(node.listenAddress(), node.port(), 30)) {
            Catalog catalog = new Catalog(c);
            List<SegmentRow> rows = catalog.rows();
            SegmentRow self = rows.stream().filter(r -> r.content() == -1 && Path.of(r.datadir()).equals(dir)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the catalog has no standby row for " + dir));
            List<Catalog.Change> changes = new ArrayList<>();
            for (SegmentRow r : rows) {
                if (r.content() == -1 && r.dbid() != self.dbid()) {
                    changes.add(Catalog.Change.delete(r.dbid(), "gpactivatestandby: coordinator dbid " + r.dbid()
                            + " removed, standby dbid " + self.dbid() + " activated"));
                }
            }
            SegmentRow promoted = self.with('p', 'n', 'u').withPreferredRole('p');
            changes.add(Catalog.Change.put(promoted, "gpactivatestandby: standby dbid " + self.dbid()
                    + " activated as coordinator"));
            catalog.apply(changes);
            return promoted;
        }
    }
}
