package io.gpwarden.controller.config;

import io.gpwarden.config.ConfigNode;
import io.gpwarden.config.ConfigProblem;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.MappingReader;
import io.gpwarden.config.SecretRef;
import io.gpwarden.config.YamlDocuments;
import io.gpwarden.controller.ssh.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code controller.yaml}. Every problem in the file is reported at once, each with file,
 * line and key path; unknown keys are errors. After the per-key checks come the rules that tie
 * keys together (the way Patroni checks {@code loop_wait + 2*retry_timeout <= ttl}):
 * <ul>
 *   <li>{@code probes.timeout + 200ms <= probes.interval}: a probe round (which waits a little past
 *       the timeout) ends before the next is due;</li>
 *   <li>{@code catalog.timeout < catalog.interval} and {@code catalog.interval >= probes.interval}:
 *       the catalog is read in the background and never more often than the probes run;</li>
 *   <li>{@code disk.timeout < disk.interval}, {@code disk.interval >= catalog.interval};</li>
 *   <li>{@code disk.warning_percent <= disk.critical_percent}, and the hysteresis band below the
 *       warning threshold.</li>
 * </ul>
 * The SSH timeouts are not tied to the disk timings: a disk read waits for the hosts only until
 * {@code disk.timeout}, and a host's contact still under way then counts at the next read.
 * Missing optional keys take the defaults listed in docs/controller.md.
 */
public final class ControllerConfigReader {
    /** Cluster names appear in log lines, metric labels and (later) etcd keys: keep them plain. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofMillis(800);
    static final int DEFAULT_CONFIRMATIONS = 3;
    static final Duration DEFAULT_CATALOG_INTERVAL = Duration.ofSeconds(3);
    static final Duration DEFAULT_CATALOG_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_DISK_INTERVAL = Duration.ofMinutes(5);
    static final Duration DEFAULT_DISK_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_HTTP_PORT = 9470;
    /** Sizes over SSH are re-read every this many disk reads (hourly at the 5-minute default). */
    static final int DEFAULT_CAPACITY_REFRESH_READS = 12;
    /** A probe round waits this much past the timeout (the driver's timers are coarse) before it gives up. */
    static final Duration ROUND_SLACK = Duration.ofMillis(200);

    private ControllerConfigReader() {
    }

    /** Reads and validates a file; throws {@link io.gpwarden.config.ConfigException} listing every problem. */
    public static ControllerConfig read(Path file) {
        return parse(file, YamlDocuments.load(file));
    }

    /** Validates an already parsed document (tests, and text not read from a file). */
    public static ControllerConfig parse(Path file, ConfigNode document) {
        ConfigProblems problems = new ConfigProblems();
        if (document.isNull()) {
            problems.add(new ConfigProblem(document.source(), 0, 0, "", "the file is empty; 'cluster' is required"));
            problems.throwIfAny();
        }
        MappingReader root = MappingReader.of(document, problems);
        ClusterAccess cluster = cluster(root.requiredMapping("cluster"));
        ProbeSettings probes = probes(root.mapping("probes"), problems);
        PollSettings catalog = poll(root.mapping("catalog"), DEFAULT_CATALOG_INTERVAL, DEFAULT_CATALOG_TIMEOUT);
        DiskPolicy disk = disk(root.mapping("disk"), problems);
        StandbyPolicy standby = standby(root.mapping("standby_replication"));
        HttpSettings http = http(root.mapping("http"));
        Optional<SshSettings> ssh = root.mapping("ssh").map(SshSectionReader::read);
        Path stateDirectory = Path.of(root.string("state_directory",
                "/var/lib/gpwarden/" + (cluster.name() == null ? "cluster" : cluster.name())));
        Optional<ConfigNode> alerts = root.raw("alerts");
        root.finish();
        // Structure only: secrets are resolved when alerting starts, not to print a status.
        alerts.ifPresent(a -> AlertsSectionReader.read(a, cluster.name() == null ? "cluster" : cluster.name(),
                AlertsSectionReader.Secrets.UNRESOLVED, problems));

        crossCheck(document, probes, catalog, disk, problems);
        problems.throwIfAny();
        return new ControllerConfig(file, cluster, probes, catalog, disk, standby, http, stateDirectory, alerts, ssh);
    }

    private static ClusterAccess cluster(MappingReader r) {
        String name = r.requiredString("name");
        if (name != null && !CLUSTER_NAME.matcher(name).matches()) {
            r.problems().add(r.raw("name").orElseThrow(),
                    "use letters, digits, '.', '_' or '-' (up to 63), starting with a letter or digit");
        }
        // GP6 calls the coordinator "master"; accept either spelling, not both.
        Optional<MappingReader> coordinatorNode = r.mapping("coordinator");
        Optional<MappingReader> masterNode = r.mapping("master");
        Endpoint coordinator = null;
        if (coordinatorNode.isPresent() && masterNode.isPresent()) {
            r.problems().add(masterNode.get().node(), "give either 'coordinator' or its GP6 alias 'master', not both");
        } else if (coordinatorNode.isEmpty() && masterNode.isEmpty()) {
            r.problems().add(new ConfigProblem(r.node().source(), r.node().line(), r.node().column(),
                    child(r, "coordinator"), "required key is missing"));
        } else {
            coordinator = endpoint(coordinatorNode.orElseGet(masterNode::get));
        }
        Optional<Endpoint> standby = r.mapping("standby").map(ControllerConfigReader::endpoint);
        String database = r.string("database", "postgres");
        String user = r.string("user", "gpadmin");
        Optional<SecretRef> password = r.secret("password", false);
        String sslMode = r.string("ssl_mode", "prefer");
        if (!SSL_MODES.contains(sslMode)) {
            r.problems().add(r.raw("ssl_mode").orElseThrow(),
                    "expected one of disable|allow|prefer|require|verify-ca|verify-full, got \"" + sslMode + "\"");
        }
        boolean utility = r.bool("segment_utility_mode", true);
        r.finish();
        return new ClusterAccess(name, coordinator, standby, database, user, password, sslMode, utility);
    }

    private static Endpoint endpoint(MappingReader r) {
        String host = r.requiredString("host");
        Integer port = r.intValue("port", 5432, 1, 65535);
        r.finish();
        return host == null || host.isBlank() ? null : new Endpoint(host.trim(), port);
    }

    private static ProbeSettings probes(Optional<MappingReader> section, ConfigProblems problems) {
        if (section.isEmpty()) {
            return new ProbeSettings(DEFAULT_PROBE_INTERVAL, DEFAULT_PROBE_TIMEOUT, DEFAULT_CONFIRMATIONS);
        }
        MappingReader r = section.get();
        Duration interval = positive(r, "interval", DEFAULT_PROBE_INTERVAL);
        Duration timeout = positive(r, "timeout", DEFAULT_PROBE_TIMEOUT);
        int confirmations = r.intValue("confirmations", DEFAULT_CONFIRMATIONS, 1, 100);
        Duration notServingAfter = positive(r, "not_serving_after", ProbeSettings.DEFAULT_NOT_SERVING_AFTER);
        r.finish();
        return new ProbeSettings(interval, timeout, confirmations, notServingAfter);
    }

    private static PollSettings poll(Optional<MappingReader> section, Duration interval, Duration timeout) {
        if (section.isEmpty()) {
            return new PollSettings(interval, timeout);
        }
        MappingReader r = section.get();
        PollSettings p = new PollSettings(positive(r, "interval", interval), positive(r, "timeout", timeout));
        r.finish();
        return p;
    }

    private static DiskPolicy disk(Optional<MappingReader> section, ConfigProblems problems) {
        PollSettings poll = new PollSettings(DEFAULT_DISK_INTERVAL, DEFAULT_DISK_TIMEOUT);
        double warning = 70;
        double critical = 90;
        double hysteresis = 5;
        Duration horizon = Duration.ofHours(24);
        Duration window = Duration.ofHours(6);
        Optional<QualifiedName> capacityTable = Optional.empty();
        int refreshReads = DEFAULT_CAPACITY_REFRESH_READS;
        if (section.isPresent()) {
            MappingReader r = section.get();
            poll = new PollSettings(positive(r, "interval", DEFAULT_DISK_INTERVAL),
                    positive(r, "timeout", DEFAULT_DISK_TIMEOUT));
            warning = r.doubleValue("warning_percent", 1, 99).orElse(warning);
            critical = r.doubleValue("critical_percent", 1, 99.9).orElse(critical);
            hysteresis = r.doubleValue("hysteresis_percent", 0.1, 50).orElse(hysteresis);
            horizon = positive(r, "forecast_horizon", horizon);
            window = positive(r, "forecast_window", window);
            refreshReads = r.intValue("capacity_refresh_reads", DEFAULT_CAPACITY_REFRESH_READS, 1, 10_000);
            Optional<String> table = r.string("capacity_table");
            if (table.isPresent()) {
                try {
                    capacityTable = Optional.of(QualifiedName.parse(table.get()));
                } catch (IllegalArgumentException e) {
                    problems.add(r.raw("capacity_table").orElseThrow(), e.getMessage());
                }
            }
            if (warning > critical) {
                problems.add(r.raw("warning_percent").or(() -> r.raw("critical_percent")).orElse(r.node()),
                        "warning_percent (" + warning + ") must not exceed critical_percent (" + critical + ")");
            }
            if (hysteresis >= warning) {
                problems.add(r.raw("hysteresis_percent").orElse(r.node()),
                        "hysteresis_percent (" + hysteresis + ") must be below warning_percent (" + warning + ")");
            }
            r.finish();
        }
        return new DiskPolicy(poll, warning, critical, hysteresis, horizon, window, capacityTable, refreshReads);
    }

    private static StandbyPolicy standby(Optional<MappingReader> section) {
        long maxLag = 64L << 20;
        if (section.isPresent()) {
            MappingReader r = section.get();
            maxLag = r.byteSize("max_lag", 0, Long.MAX_VALUE).orElse(maxLag);
            r.finish();
        }
        return new StandbyPolicy(maxLag);
    }

    private static HttpSettings http(Optional<MappingReader> section) {
        if (section.isEmpty()) {
            return new HttpSettings(true, "127.0.0.1", DEFAULT_HTTP_PORT);
        }
        MappingReader r = section.get();
        HttpSettings h = new HttpSettings(r.bool("enabled", true), r.string("bind", "127.0.0.1"),
                r.intValue("port", DEFAULT_HTTP_PORT, 0, 65535));
        r.finish();
        return h;
    }

    private static void crossCheck(ConfigNode document, ProbeSettings probes, PollSettings catalog,
                                   DiskPolicy disk, ConfigProblems problems) {
        if (probes.timeout().plus(ROUND_SLACK).compareTo(probes.interval()) > 0) {
            problemAt(problems, document, "probes", "timeout", human(probes.timeout())
                    + " must be at least " + ROUND_SLACK.toMillis() + "ms shorter than probes.interval ("
                    + human(probes.interval()) + "): a round must end before the next one is due");
        }
        if (catalog.timeout().compareTo(catalog.interval()) >= 0) {
            problemAt(problems, document, "catalog", "timeout", human(catalog.timeout())
                    + " must be shorter than catalog.interval (" + human(catalog.interval()) + ")");
        }
        if (catalog.interval().compareTo(probes.interval()) < 0) {
            problemAt(problems, document, "catalog", "interval", human(catalog.interval())
                    + " must not be shorter than probes.interval (" + human(probes.interval()) + ")");
        }
        if (disk.poll().timeout().compareTo(disk.poll().interval()) >= 0) {
            problemAt(problems, document, "disk", "timeout", human(disk.poll().timeout())
                    + " must be shorter than disk.interval (" + human(disk.poll().interval()) + ")");
        }
        if (disk.poll().interval().compareTo(catalog.interval()) < 0) {
            problemAt(problems, document, "disk", "interval", human(disk.poll().interval())
                    + " must not be shorter than catalog.interval (" + human(catalog.interval())
                    + "): gp_disk_free runs df on every host");
        }
        if (disk.forecastWindow().compareTo(disk.poll().interval().multipliedBy(3)) < 0) {
            problemAt(problems, document, "disk", "forecast_window", human(disk.forecastWindow())
                    + " must cover at least three disk readings ("
                    + human(disk.poll().interval().multipliedBy(3)) + ")");
        }
    }

    /** The node of {@code section.key} if written, else of {@code section}, else the root: the best place to point at. */
    private static void problemAt(ConfigProblems problems, ConfigNode document, String section, String key,
                                  String message) {
        Optional<ConfigNode> s = document.get(section);
        ConfigNode n = s.flatMap(x -> x.get(key)).or(() -> s).orElse(document);
        problems.add(new ConfigProblem(n.source(), n.line(), n.column(), section + "." + key, message));
    }

    /** A duration that must not be zero (a zero interval or timeout would spin or never wait); the default when absent. */
    static Duration positive(MappingReader r, String key, Duration defaultValue) {
        Optional<Duration> d = r.duration(key, ChronoUnit.SECONDS);
        if (d.isPresent() && d.get().isZero()) {
            r.problems().add(r.raw(key).orElseThrow(), "must be longer than zero");
            return defaultValue;
        }
        return d.orElse(defaultValue);
    }

    private static String child(MappingReader r, String key) {
        return r.node().path().isEmpty() ? key : r.node().path() + "." + key;
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
