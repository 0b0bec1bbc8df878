package io.gpwarden.testcluster.utility;

import io.gpwarden.testcluster.catalog.SegmentRow;
import io.gpwarden.testcluster.cluster.ClusterAccess;
import io.gpwarden.testcluster.layout.HostPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a utility run sees: the cluster, the emulated host it runs on (GPWARDEN_HOST, set per host
 * by its sshd), the login environment, its log and its stdin (for Greenplum's yes/no prompts).
 * A host stopped with {@code stop-host} is unreachable for every utility, as over SSH.
 */
public record UtilityContext(ClusterAccess cluster, String program, String host, String user, GpLog log,
                             Map<String, String> env, BufferedReader stdin) {

    public static UtilityContext create(ClusterAccess cluster, String program, Map<String, String> env) {
        String host = env.getOrDefault("GPWARDEN_HOST", "localhost");
        String user = System.getProperty("user.name");
        String day = java.time.LocalDate.now().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        Path file = cluster.files().logsDir().resolve("gpAdminLogs").resolve(program + "_" + day + ".log");
        GpLog log = new GpLog(program, host, user, System.out, file, java.time.Clock.systemDefaultZone());
        return new UtilityContext(cluster, program, host, user, log, env,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    /** $COORDINATOR_DATA_DIRECTORY, or $MASTER_DATA_DIRECTORY as GP6 names it. */
    public Optional<String> coordinatorDataDirectoryFromEnv() {
        String v = env.get("COORDINATOR_DATA_DIRECTORY");
        if (v == null || v.isBlank()) {
            v = env.get("MASTER_DATA_DIRECTORY");
        }
        return Optional.ofNullable(v).filter(s -> !s.isBlank());
    }

    /** Whether {@code hostname} can be reached (its sshd runs: it was not stopped with stop-host). */
    public boolean reachable(String hostname) {
        return !Files.exists(cluster.files().stoppedMarker(hostname));
    }

    /** The emulated host with this address or name, if any. */
    public Optional<HostPlan> hostByAddress(String addressOrName) {
        return cluster.state().hosts().stream()
                .filter(h -> h.address().equals(addressOrName) || h.name().equals(addressOrName)).findFirst();
    }

    /** Greenplum's ask_yesno: true only for an explicit yes; end of input counts as the default (no). */
    public boolean askYesNo(String question) throws IOException {
        System.out.print(question + " Yy|Nn (default=N):\n> ");
        System.out.flush();
        String answer = stdin.readLine();
        return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    /** The rows of the acting coordinator's catalog, or a failure Greenplum would report. */
    public List<SegmentRow> catalog() throws UtilityFailure {
        try {
            return cluster.catalogRows();
        } catch (IOException | java.sql.SQLException e) {
            log.error("Failed to connect to database.  Make sure the");
            log.error("Greenplum instance is running, and that");
            log.error("your environment is correct, then rerun");
            throw new UtilityFailure(2, "unable to connect to the coordinator: " + e.getMessage());
        }
    }
}
