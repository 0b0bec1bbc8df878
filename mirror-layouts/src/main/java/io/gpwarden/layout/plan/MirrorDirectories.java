package io.gpwarden.layout.plan;

import io.gpwarden.layout.LayoutException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The gpaddmirrors -m list: one absolute mirror root per mirror a host receives (repeats allowed),
 * or a single root used for all. Paths are normalised the way gpaddmirrors does
 * ({@code os.path.normpath}), so "/data//mirror/" and "/data/mirror" are the same root.
 *
 * <p>gpwarden extension: {@value #HOST_TOKEN} in a root is replaced by the name of the host the
 * mirror goes to, for sites (and the test cluster) whose directories carry the host name. Without
 * the token the list means exactly what gpaddmirrors -m means.
 */
public final class MirrorDirectories {
    public static final String HOST_TOKEN = "{host}";

    private MirrorDirectories() {
    }

    /** A root for a given target host: {@value #HOST_TOKEN} replaced by its name. */
    public static String forHost(String root, String host) {
        return root.replace(HOST_TOKEN, host);
    }

    /**
     * The list expanded to {@code needed} entries: a single root is repeated; otherwise the count must
     * match exactly, as gpaddmirrors -m requires.
     */
    public static List<String> expand(List<String> roots, int needed, String busiestHost) {
        if (roots.isEmpty()) {
            throw new LayoutException("--mirror-dirs is required: give " + needed
                    + " mirror roots (the gpaddmirrors -m list, repeats allowed) or one root for all");
        }
        List<String> normal = new ArrayList<>();
        for (String r : roots) {
            normal.add(normalize(r));
        }
        if (normal.size() == 1) {
            return Collections.nCopies(needed, normal.get(0));
        }
        if (normal.size() < needed) {
            throw new LayoutException("--mirror-dirs lists " + normal.size() + " mirror roots but host " + busiestHost
                    + " receives " + needed + " mirrors: give " + needed + " roots (repeats allowed) or a single root for all");
        }
        if (normal.size() > needed) {
            throw new LayoutException("--mirror-dirs lists " + normal.size() + " mirror roots but a host receives at most "
                    + needed + " mirrors: gpaddmirrors -m needs exactly " + needed + " lines (or give a single root for all)");
        }
        return List.copyOf(normal);
    }

    /** An absolute path normalised like Python's {@code os.path.normpath}; relative paths are refused. */
    public static String normalize(String path) {
        String p = path.trim();
        if (!p.startsWith("/")) {
            throw new LayoutException("mirror directory '" + path + "' is not an absolute path");
        }
        String lead = p.startsWith("//") && !p.startsWith("///") ? "//" : "/";
        List<String> parts = new ArrayList<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return lead + String.join("/", parts);
    }

    /** {@code os.path.join(root, name)} for an absolute root and a plain name. */
    public static String join(String root, String name) {
        return root.endsWith("/") ? root + name : root + "/" + name;
    }

    /** The directory holding a data directory ("/data/mirror/gpseg3" gives "/data/mirror"). */
    public static String parent(String datadir) {
        String d = datadir;
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        int i = d.lastIndexOf('/');
        return i <= 0 ? "/" : d.substring(0, i);
    }

    /** The last component of a data directory ("/data/mirror/gpseg3" gives "gpseg3"). */
    public static String name(String datadir) {
        String d = datadir;
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.substring(d.lastIndexOf('/') + 1);
    }
}
