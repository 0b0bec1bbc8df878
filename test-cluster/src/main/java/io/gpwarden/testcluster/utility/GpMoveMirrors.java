package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.layout.HostPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpmovemirrors -i FILE}: Greenplum's gpmovemirrors. Each line
 * {@code old_address|port|datadir new_address|port|datadir} (blank and # lines skipped, line
 * numbers counted from 1 including them). The whole file is validated against the catalog before
 * anything changes (old mirror must exist with that exact address, port and directory, be a
 * mirror, not content -1); an error says "Invalid input file on line N of file F: ..." and exits 3
 * with nothing changed. Then it writes the backout file {@code <input>_backout_<mmddyyHHMMSS>},
 * runs {@code gprecoverseg -i <input> -a} (full recovery to the new locations) and removes the
 * old directories of the mirrors that moved.
 */
@Command(name = "gpmovemirrors", description = "Moves mirror segments in a pre-existing GPDB Array.")
public final class GpMoveMirrors implements Utility {
    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "input configuration file.") Path input;
    @Option(names = {"-d", "--master-data-directory", "--coordinator-data-directory"}) String coordinatorDir;
    @Option(names = {"-B", "--batch-size"}, defaultValue = "16") int batchSize;
    @Option(names = {"-b", "--segment-batch-size"}, defaultValue = "64") int segmentBatchSize;
    @Option(names = {"-v", "--verbose"}) boolean verbose;
    @Option(names = {"-l", "--log-file-directory"}) String logDir;
    @Option(names = {"-C", "--continue"}) boolean continueMove;
    @Option(names = "--hba-hostnames") boolean hbaHostnames;
    @Option(names = "-a", description = "quiet mode, do not require user input for confirmations") boolean noPrompt;
    @Option(names = {"-h", "-?", "--help"}, usageHelp = true) boolean help;

    /** One line of the input file. */
    record Move(int line, SegmentRow old, String newAddress, int newPort, String newDir, boolean inPlace) {
    }

    @Override
    public int run(UtilityContext ctx) throws Exception {
        GpLog log = ctx.log();
        if (batchSize < 1 || batchSize > 64) {
            log.error("Invalid value for argument -B. Value must be >= 1 and <= 64");
            return 2;
        }
        if (input == null) {
            log.error("Missing argument. -i or --input is a required argument.");
            return 2;
        }
        List<SegmentRow> rows = ctx.catalog();
        SegmentRow coordinator = rows.stream().filter(r -> r.content() == -1 && r.isPrimary()).findFirst().orElseThrow();
        try (UtilityLock lock = UtilityLock.acquire(Path.of(coordinator.datadir()), "gpmovemirrors.lock", "gpmovemirrors", log)) {
            log.info("Invocation of gpmovemirrors mirrors");
            log.info("Option values for this invocation of gpmovemirrors are:");
            log.info("");
            log.info("  --input                      = " + input);
            log.info("  --coordinator-data-directory = " + coordinator.datadir());
            log.info("  --batch-size                 = " + batchSize);
            log.info("  --segment-batch-size         = " + segmentBatchSize);
            log.info("  --verbose                    = " + (verbose ? "True" : "False"));
            log.info("  --continue                   = " + (continueMove ? "True" : "False"));
            log.info("");
            try {
                List<Move> moves = read(ctx, rows);
                Path backout = Path.of(input + "_backout_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddyyHHmmss")));
                List<String> backoutLines = new ArrayList<>();
                for (Move m : moves) {
                    backoutLines.add(m.newAddress() + "|" + m.newPort() + "|" + m.newDir() + " " + m.old().triple());
                }
                Files.write(backout, backoutLines);
                log.info("About to run gprecoverseg with options: -i " + input + " -B " + batchSize + " -b "
                        + segmentBatchSize + " -v -a -d " + coordinator.datadir());
                GpRecoverSeg recover = new GpRecoverSeg();
                recover.configFile = input;
                recover.noPrompt = true;
                recover.parallel = batchSize;
                recover.parallelPerHost = segmentBatchSize;
                recover.replayLagGb = 10;
                int rc = recover.runWithoutLock(ctx, rows);
                if (rc != 0) {
                    throw new IllegalStateException("ExecutionError: 'non-zero rc: " + rc + "' occurred.  Details: "
                            + "'gprecoverseg -i " + input + " -a'");
                }
                List<SegmentRow> after = ctx.catalog();
                for (Move m : moves) {
                    boolean stillUsed = after.stream().anyMatch(r -> r.datadir().equals(m.old().datadir()));
                    if (!m.inPlace() && !stillUsed) {
                        log.info("About to remove old mirror segment directories: " + m.old().datadir());
                        new SegmentOps(ctx.cluster()).removeDirectory(Path.of(m.old().datadir()));
                        ctx.cluster().ledger().forget(ctx.cluster().ledgerName(Path.of(m.old().datadir())));
                    }
                }
                return 0;
            } catch (Exception e) {
                log.error("gpmovemirrors failed: " + e.getMessage() + " \n\nExiting...");
                return 3;
            }
        }
    }

    private List<Move> read(UtilityContext ctx, List<SegmentRow> rows) throws Exception {
        List<Move> moves = new ArrayList<>();
        for (InputFile.Line line : InputFile.read(input)) {
            try {
                moves.add(parse(ctx, rows, line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid input file on line " + line.number() + " of file " + input + ": "
                        + e.getMessage());
            }
        }
        return moves;
    }

    private Move parse(UtilityContext ctx, List<SegmentRow> rows, InputFile.Line line) {
        String[] groups = line.text().split("\\s+");
        if (groups.length != 2) {
            throw new IllegalArgumentException("expected 2 groups but found " + groups.length);
        }
        String[] o = groups[0].split("\\|", -1);
        String[] n = groups[1].split("\\|", -1);
        if (o.length != 3 || n.length != 3) {
            throw new IllegalArgumentException("expected 3 parts in old and new groups, got " + o.length + " and " + n.length);
        }
        InputFile.checkValues(line.number(), o[0], o[1], o[2]);
        InputFile.checkValues(line.number(), n[0], n[1], n[2]);
        Optional<SegmentRow> old = rows.stream().filter(r -> r.address().equals(o[0])
                && Integer.toString(r.port()).equals(o[1]) && r.datadir().equals(o[2])).findFirst();
        String described = "address = " + o[0] + ", port = " + o[1] + ", segment data directory = " + o[2];
        if (old.isEmpty()) {
            throw new IllegalArgumentException("Old mirror segment does not exist with given information: " + described);
        }
        if (old.get().content() == -1) {
            throw new IllegalArgumentException("Cannot move coordinator or coordinator mirror segments: " + described);
        }
        if (old.get().role() != 'm') {
            throw new IllegalArgumentException("Old mirror segment is not currently in a mirror role: " + described);
        }
        HostPlan host = ctx.hostByAddress(n[0]).orElseThrow(() -> new IllegalArgumentException("unknown address " + n[0]
                + "; the hosts are " + ctx.cluster().state().hosts().stream().map(h -> h.name() + " " + h.address()).toList()));
        Path dir = Path.of(n[2]).toAbsolutePath().normalize();
        Path hostRoot = ctx.cluster().files().hostRoot(host.name());
        if (!dir.startsWith(hostRoot)) {
            throw new IllegalArgumentException("directory " + n[2] + " is not on " + host.name() + "'s disk (" + hostRoot + "/...)");
        }
        boolean inPlace = o[0].equals(n[0]) && o[2].equals(n[2]);
        if (inPlace && o[1].equals(n[1])) {
            ctx.log().warn("input file " + input + " contained request to move a mirror with identical attributes ("
                    + n[0] + ", " + n[1] + ", " + n[2] + ")");
        }
        return new Move(line.number(), old.get(), n[0], Integer.parseInt(n[1]), dir.toString(), inPlace);
    }
}
