package io.gpwarden.layout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An immutable cluster description: every row of {@code gp_segment_configuration} and the Greenplum
 * version whose rules apply.
 *
 * <p>Invariants, checked by {@link #of} (all problems are reported at once): dbids are unique and
 * positive; segment contents are 0..N-1 without gaps; every content has exactly one instance whose
 * preferred role is primary and at most one whose preferred role is mirror; a content with two
 * instances has one current primary and one current mirror; at most one coordinator and one standby.
 * Port and directory clashes are not catalog errors here: they are layout violations that
 * {@code LayoutCheck} reports.
 */
public final class Cluster {
    private final GpVersion version;
    private final List<Segment> segments;
    private final Segment[] primaryByContent;
    private final Segment[] mirrorByContent;
    private final Segment coordinator;
    private final Segment standby;
    private final List<String> segmentHosts;

    private Cluster(GpVersion version, List<Segment> segments) {
        this.version = version;
        List<Segment> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingInt(Segment::dbid));
        this.segments = Collections.unmodifiableList(sorted);
        int contents = 0;
        for (Segment s : sorted) {
            contents = Math.max(contents, s.content() + 1);
        }
        this.primaryByContent = new Segment[contents];
        this.mirrorByContent = new Segment[contents];
        Segment coord = null;
        Segment stby = null;
        TreeSet<String> hosts = new TreeSet<>();
        for (Segment s : sorted) {
            if (s.isCoordinatorOrStandby()) {
                if (s.preferredRole() == Role.PRIMARY) {
                    coord = s;
                } else {
                    stby = s;
                }
                continue;
            }
            hosts.add(s.hostname());
            if (s.preferredRole() == Role.PRIMARY) {
                primaryByContent[s.content()] = s;
            } else {
                mirrorByContent[s.content()] = s;
            }
        }
        this.coordinator = coord;
        this.standby = stby;
        this.segmentHosts = List.copyOf(hosts);
    }

    /**
     * Builds a cluster after checking catalog consistency.
     *
     * @throws LayoutException listing every inconsistency found
     */
    public static Cluster of(GpVersion version, List<Segment> segments) {
        List<String> problems = consistencyProblems(segments);
        if (!problems.isEmpty()) {
            throw new LayoutException("inconsistent catalog: " + String.join("; ", problems));
        }
        return new Cluster(version, segments);
    }

    static List<String> consistencyProblems(List<Segment> segments) {
        List<String> problems = new ArrayList<>();
        if (segments.isEmpty()) {
            problems.add("no segment rows");
            return problems;
        }
        // Arrays indexed by content + 1 (content -1 is the coordinator): 32,000 rows check in milliseconds.
        int maxContent = -1;
        for (Segment s : segments) {
            maxContent = Math.max(maxContent, s.content());
        }
        int slots = maxContent + 2;
        int[] rows = new int[slots];
        int[] preferredPrimaries = new int[slots];
        int[] currentPrimaries = new int[slots];
        int[] loneRoleMirror = new int[slots];
        int[] dbids = new int[segments.size()];
        int i = 0;
        for (Segment s : segments) {
            dbids[i++] = s.dbid();
            if (s.dbid() <= 0) {
                problems.add("dbid " + s.dbid() + " is not positive");
            }
            if (s.content() < -1) {
                problems.add("dbid " + s.dbid() + " has content " + s.content() + " (contents are -1 or more)");
                continue;
            }
            int k = s.content() + 1;
            rows[k]++;
            if (s.preferredRole() == Role.PRIMARY) {
                preferredPrimaries[k]++;
            }
            if (s.role() == Role.PRIMARY) {
                currentPrimaries[k]++;
            } else {
                loneRoleMirror[k]++;
            }
        }
        java.util.Arrays.sort(dbids);
        for (int j = 1; j < dbids.length; j++) {
            if (dbids[j] == dbids[j - 1] && (j == 1 || dbids[j - 2] != dbids[j])) {
                problems.add("dbid " + dbids[j] + " appears more than once");
            }
        }
        for (int k = 0; k < slots; k++) {
            int content = k - 1;
            if (rows[k] == 0) {
                problems.add(content == -1 ? "no coordinator row (content -1, preferred_role p)"
                        : "content " + content + " is missing (contents must run 0.." + maxContent + " without gaps)");
                continue;
            }
            String what = content == -1 ? "the coordinator (content -1)" : "content " + content;
            int preferredMirrors = rows[k] - preferredPrimaries[k];
            if (preferredPrimaries[k] != 1) {
                problems.add(what + " has " + preferredPrimaries[k] + " rows with preferred_role p (needs exactly 1)");
            }
            if (preferredMirrors > 1) {
                problems.add(what + " has " + preferredMirrors + " rows with preferred_role m (at most 1)");
            }
            if (rows[k] == 2 && currentPrimaries[k] != 1) {
                problems.add(what + " has " + currentPrimaries[k] + " rows with role p (a pair needs exactly 1)");
            }
            if (rows[k] == 1 && loneRoleMirror[k] == 1 && content >= 0) {
                problems.add(what + " has a single row and it is not acting as primary (role m)");
            }
        }
        if (maxContent < 0) {
            problems.add("no segment rows (content 0 or more)");
        }
        return problems;
    }

    public GpVersion version() {
        return version;
    }

    /** Every row, in dbid order. */
    public List<Segment> segments() {
        return segments;
    }

    public Optional<Segment> coordinator() {
        return Optional.ofNullable(coordinator);
    }

    public Optional<Segment> standby() {
        return Optional.ofNullable(standby);
    }

    /** Number of segment contents (0..N-1). */
    public int contentCount() {
        return primaryByContent.length;
    }

    /** The instance configured as primary for a content (preferred role p). */
    public Segment primary(int content) {
        return primaryByContent[content];
    }

    /** The instance configured as mirror for a content, or null when the content has none. */
    public Segment mirror(int content) {
        return mirrorByContent[content];
    }

    public boolean hasMirrors() {
        for (Segment m : mirrorByContent) {
            if (m != null) {
                return true;
            }
        }
        return false;
    }

    /** Hosts that carry at least one segment instance (content 0 or more), in plain string order. */
    public List<String> segmentHosts() {
        return segmentHosts;
    }

    /**
     * The directory-name prefix gpaddmirrors uses ({@code gp_utils.get_gp_prefix}): the coordinator
     * directory's basename up to its last "-1" ("gpseg-1" gives "gpseg"), or "gp" when there is none.
     */
    public String addMirrorsPrefix() {
        if (coordinator == null || coordinator.datadir() == null) {
            return "gp";
        }
        String base = basename(coordinator.datadir());
        int idx = base.lastIndexOf("-1");
        // Python's get_gp_prefix returns None or "" here, and gpaddmirrors then falls back to "gp".
        return idx <= 0 ? "gp" : base.substring(0, idx);
    }

    /** The prefix gpexpand uses ({@code GpArray.get_datadir_prefix}): basename up to its last '-'. */
    public String expandPrefix() {
        if (coordinator == null || coordinator.datadir() == null) {
            return "gpseg";
        }
        String dir = coordinator.datadir();
        int start = dir.lastIndexOf('/') + 1;
        int end = dir.lastIndexOf('-');
        return end < start ? dir.substring(start) : dir.substring(start, end);
    }

    /** A new cluster with the given rows added (for example the mirrors a plan adds). */
    public Cluster withAdded(List<Segment> added) {
        List<Segment> all = new ArrayList<>(segments);
        all.addAll(added);
        return of(version, all);
    }

    /** A new cluster in which each row is replaced by the row with the same dbid in {@code replacements}. */
    public Cluster withReplaced(List<Segment> replacements) {
        Map<Integer, Segment> byDbid = new HashMap<>();
        for (Segment s : replacements) {
            byDbid.put(s.dbid(), s);
        }
        List<Segment> all = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            all.add(byDbid.getOrDefault(s.dbid(), s));
        }
        return of(version, all);
    }

    public int maxDbid() {
        int max = 0;
        for (Segment s : segments) {
            max = Math.max(max, s.dbid());
        }
        return max;
    }

    static String basename(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
