package io.gpwarden.cli.layout;

import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.io.ClusterSource;
import io.gpwarden.layout.io.DiskFreeCsv;
import io.gpwarden.layout.io.HostsFile;
import io.gpwarden.layout.io.NewClusterSpec;
import io.gpwarden.layout.io.SegmentConfigurationCsv;
import io.gpwarden.layout.io.Sizes;
import io.gpwarden.layout.move.DiskSpace;
import io.gpwarden.layout.plan.MirrorPolicy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The flags every {@code gpwarden layout} command accepts, so scripts can rely on them: where the
 * cluster comes from (exactly one of --from-csv, --from-db, --hosts-file), the gpaddmirrors -m list
 * and -p offset, the Greenplum version, and where output goes.
 */
public final class LayoutOptions {
    @Option(names = "--from-csv", paramLabel = "FILE",
            description = "A gp_segment_configuration export with its header row (\\copy (select * from gp_segment_configuration) to 'f.csv' csv header).")
    Path fromCsv;

    @Option(names = "--from-db", paramLabel = "JDBC-URL",
            description = "A live cluster, e.g. jdbc:postgresql://cdw:5432/postgres (user from --db-user, the URL or PGUSER;"
                    + " password from PGPASSWORD or the pgpass file, PGPASSFILE or ~/.pgpass, as psql does).")
    String fromDb;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user for --from-db (default: from the URL, else PGUSER).")
    String dbUser;

    /**
     * --db-user, else the URL's, else PGUSER as psql would take it. Without this the driver logs in
     * as the operating-system user and finds no pgpass line for it, so a DBA who has PGUSER and a
     * pgpass file set up for psql would be refused.
     */
    private String databaseUser() {
        if (dbUser != null || fromDb.matches("(?i).*[?&]user=.*")) {
            return dbUser;
        }
        String pgUser = System.getenv("PGUSER");
        return pgUser == null || pgUser.isBlank() ? null : pgUser;
    }

    @Option(names = "--hosts-file", paramLabel = "FILE", description = "A new cluster: segment host names, one per line.")
    Path hostsFile;

    @Option(names = "--primaries-per-host", paramLabel = "P", description = "Primaries per host for --hosts-file.")
    Integer primariesPerHost;

    @Option(names = "--port-base", paramLabel = "PORT", defaultValue = "" + NewClusterSpec.DEFAULT_PORT_BASE,
            description = "First primary port for --hosts-file (gpinitsystem PORT_BASE, default ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--data-dirs", paramLabel = "DIR", split = ",", description = "Primary roots for --hosts-file, one per primary or one for all (default /data/primary).")
    List<String> dataDirs = new ArrayList<>();

    @Option(names = "--coordinator-host", paramLabel = "HOST", defaultValue = NewClusterSpec.DEFAULT_COORDINATOR_HOST,
            description = "Coordinator host for --hosts-file (default ${DEFAULT-VALUE}).")
    String coordinatorHost;

    @Option(names = "--coordinator-port", paramLabel = "PORT", defaultValue = "" + NewClusterSpec.DEFAULT_COORDINATOR_PORT,
            description = "Coordinator port for --hosts-file (default ${DEFAULT-VALUE}).")
    int coordinatorPort;

    @Option(names = "--coordinator-dir", paramLabel = "DIR", defaultValue = NewClusterSpec.DEFAULT_COORDINATOR_DIR,
            description = "Coordinator data directory for --hosts-file; its name gives the segment prefix (default ${DEFAULT-VALUE}).")
    String coordinatorDir;

    @Option(names = "--mirror-dirs", paramLabel = "DIR", split = ",",
            description = "Mirror roots (the gpaddmirrors -m list): one per mirror a host receives, repeats allowed, or one root for all.")
    List<String> mirrorDirs = new ArrayList<>();

    @Option(names = "--mirror-port-offset", paramLabel = "N", defaultValue = "" + MirrorPolicy.DEFAULT_PORT_OFFSET,
            description = "Mirror port offset, as gpaddmirrors -p (default ${DEFAULT-VALUE}).")
    int mirrorPortOffset;

    @Option(names = "--gp-version", paramLabel = "5|6|7", defaultValue = "6",
            description = "Greenplum major version whose catalog shape and file formats apply (default ${DEFAULT-VALUE}).")
    int gpVersion;

    @Option(names = "--disk-free", paramLabel = "FILE", description = "A gp_toolkit.gp_disk_free export (CSV with header) for free space per host.")
    Path diskFree;

    @Option(names = "--mirror-size", paramLabel = "SIZE", description = "Size of every mirror, e.g. 750G, when sizes are not read from the database.")
    String mirrorSize;

    @Option(names = "--segment-sizes", paramLabel = "FILE", description = "Per-content sizes: CSV with header content,bytes.")
    Path segmentSizes;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the output here instead of standard output.")
    Path out;

    @Option(names = "--json", description = "Machine-readable output where the output is a report.")
    boolean json;

    GpVersion version() {
        return GpVersion.ofMajor(gpVersion);
    }

    /** Reads the cluster from the one source given. */
    ClusterSource.Input readInput() {
        int sources = (fromCsv != null ? 1 : 0) + (fromDb != null ? 1 : 0) + (hostsFile != null ? 1 : 0);
        if (sources != 1) {
            throw new LayoutException(sources == 0
                    ? "give the cluster with one of --from-csv FILE, --from-db JDBC-URL, or --hosts-file FILE --primaries-per-host P"
                    : "give only one of --from-csv, --from-db and --hosts-file");
        }
        if (primariesPerHost != null && hostsFile == null) {
            throw new LayoutException("--primaries-per-host applies to --hosts-file only");
        }
        ClusterSource source;
        if (fromCsv != null) {
            source = () -> new ClusterSource.Input(SegmentConfigurationCsv.read(fromCsv.toString(), readText(fromCsv), version()),
                    DiskSpace.UNKNOWN, List.of());
        } else if (fromDb != null) {
            source = new JdbcClusterSource(fromDb, databaseUser(), System.getenv("PGPASSWORD"), version());
        } else {
            if (primariesPerHost == null) {
                throw new LayoutException("--hosts-file needs --primaries-per-host P");
            }
            List<String> hosts = HostsFile.parse(hostsFile.toString(), readText(hostsFile));
            List<String> dirs = dataDirs.isEmpty() ? List.of(NewClusterSpec.DEFAULT_DATA_DIR) : dataDirs;
            source = () -> new ClusterSource.Input(new NewClusterSpec(hosts, primariesPerHost, portBase, dirs, coordinatorHost,
                    coordinatorPort, coordinatorDir, version()).build(), DiskSpace.UNKNOWN, List.of());
        }
        ClusterSource.Input input = source.read();
        return withDiskOptions(input);
    }

    private ClusterSource.Input withDiskOptions(ClusterSource.Input input) {
        DiskSpace disk = input.disk();
        if (diskFree != null) {
            Map<String, Long> free = DiskFreeCsv.read(diskFree.toString(), readText(diskFree));
            disk = new DiskSpace(free, disk.bytesByContent(), disk.uniformBytes());
        }
        if (segmentSizes != null) {
            disk = disk.withSizes(Sizes.readContentSizes(segmentSizes.toString(), readText(segmentSizes)), disk.uniformBytes());
        }
        if (mirrorSize != null) {
            disk = disk.withSizes(disk.bytesByContent(), Sizes.parse("--mirror-size", mirrorSize));
        }
        return new ClusterSource.Input(input.cluster(), disk, input.notes());
    }

    static String readText(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LayoutException(path + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new LayoutException(path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
