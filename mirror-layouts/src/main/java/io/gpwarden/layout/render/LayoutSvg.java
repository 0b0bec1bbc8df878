package io.gpwarden.layout.render;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.plan.HostOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws a layout as an SVG a DBA can read at a glance: one column per host, its primaries on top
 * and its mirrors below. Every host has a colour; a primary cell has its own host's colour and names
 * the host its mirror went to ("P 12 → sdw3"); a mirror cell has the colour of the host its primary
 * lives on ("M 12 ← sdw1"). So a group layout shows one foreign colour per column, spread many, and
 * block only the colours of the block. Columns run in natural host order, grouped by block when the
 * layout is block. Broken invariants are outlined in red. Large clusters get narrow, unlabelled cells.
 */
public final class LayoutSvg {
    private static final int HEADER = 70;
    private static final int ROW = 22;
    private static final int GAP = 18;

    private LayoutSvg() {
    }

    public static String render(Cluster cluster, CheckReport report) {
        HostLayout layout = HostLayout.of(cluster);
        int n = layout.hostCount();
        Integer[] order = columnOrder(layout, report);
        int[] column = new int[n];
        for (int i = 0; i < n; i++) {
            column[order[i]] = i;
        }
        int cellWidth = n <= 24 ? 112 : n <= 96 ? 44 : 10;
        boolean labels = cellWidth >= 44;
        boolean arrows = cellWidth >= 100;
        int[][] primaries = layout.contentsByPrimaryHost();
        int[][] mirrors = mirrorsByHost(layout);
        int maxP = Arrays.stream(primaries).mapToInt(a -> a.length).max().orElse(0);
        int maxM = Arrays.stream(mirrors).mapToInt(a -> a.length).max().orElse(0);
        int width = Math.max(640, 20 + n * (cellWidth + 4));
        int mirrorTop = HEADER + 26 + maxP * ROW + GAP + 16;
        int height = mirrorTop + maxM * ROW + 60;

        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" font-family=\"monospace\" font-size=\"11\">\n");
        sb.append("<title>").append(esc(title(report))).append("</title>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(sb, 10, 18, 14, "bold", title(report));
        text(sb, 10, 36, 11, "normal", subtitle(report));
        text(sb, 10, 52, 11, "normal", "P n → h: primary of content n, mirror on h.  M n ← h: mirror of content n,"
                + " primary on h.  A cell's colour is the host of the content's primary.");
        for (int h = 0; h < n; h++) {
            int x = 10 + column[h] * (cellWidth + 4);
            String name = layout.host(h);
            if (labels) {
                text(sb, x + 2, HEADER + 14, 11, "bold", name);
            } else {
                sb.append("<text x=\"").append(x + 6).append("\" y=\"").append(HEADER + 14)
                        .append("\" font-size=\"8\" transform=\"rotate(-60 ").append(x + 6).append(' ').append(HEADER + 14)
                        .append(")\">").append(esc(name)).append("</text>\n");
            }
            for (int i = 0; i < primaries[h].length; i++) {
                int c = primaries[h][i];
                int m = layout.mirrorHost(c);
                boolean bad = m < 0 || m == h;
                String label = arrows ? "P " + c + " → " + (m < 0 ? "none" : layout.host(m)) : labels ? "P " + c : "";
                cell(sb, x, HEADER + 24 + i * ROW, cellWidth, colour(h, n), bad, label,
                        "primary of content " + c + " on " + name + (m < 0 ? ", no mirror" : ", mirror on " + layout.host(m)));
            }
            for (int i = 0; i < mirrors[h].length; i++) {
                int c = mirrors[h][i];
                int p = layout.primaryHost(c);
                String label = arrows ? "M " + c + " ← " + layout.host(p) : labels ? "M " + c : "";
                cell(sb, x, mirrorTop + i * ROW, cellWidth, colour(p, n), p == h, label,
                        "mirror of content " + c + " on " + name + ", primary on " + layout.host(p));
            }
        }
        text(sb, 10, HEADER + 24 + maxP * ROW + GAP, 11, "bold", "mirrors");
        if ("block".equals(report.shape().name())) {
            // A dashed line between blocks: mirrors never cross it.
            int[] block = blockOf(layout);
            for (int i = 1; i < n; i++) {
                if (block[order[i]] != block[order[i - 1]]) {
                    int x = 10 + i * (cellWidth + 4) - 2;
                    sb.append("<line x1=\"").append(x).append("\" y1=\"").append(HEADER).append("\" x2=\"").append(x)
                            .append("\" y2=\"").append(height - 40).append("\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>\n");
                }
            }
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String title(CheckReport r) {
        return "Mirror layout: " + r.shape().describe() + " — " + r.hosts() + " hosts × " + r.primariesPerHost()
                + " primaries" + (r.violations().isEmpty() ? "" : " — " + r.violations().size() + " violation"
                + (r.violations().size() == 1 ? "" : "s"));
    }

    private static String subtitle(CheckReport r) {
        StringBuilder sb = new StringBuilder();
        if (r.worstSingleFailure() != null) {
            sb.append("worst single-host failure: ").append(r.worstSingleFailure().busiestActivePrimaries())
                    .append(" active primaries on one host");
        }
        if (r.pairs() != null) {
            sb.append(String.format(Locale.ROOT, "; %d of %d host pairs lose a content", r.pairs().pairsLosingContent(),
                    r.pairs().pairs()));
        }
        return sb.toString();
    }

    /** Natural host order; for block layouts, hosts of one block side by side. */
    private static Integer[] columnOrder(HostLayout layout, CheckReport report) {
        int n = layout.hostCount();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Comparator<Integer> natural = Comparator.comparing(layout::host, HostOrder.NATURAL);
        if ("block".equals(report.shape().name())) {
            int[] block = blockOf(layout);
            String[] firstName = new String[n];
            for (int h = 0; h < n; h++) {
                if (firstName[block[h]] == null || HostOrder.NATURAL.compare(layout.host(h), firstName[block[h]]) < 0) {
                    firstName[block[h]] = layout.host(h);
                }
            }
            Comparator<Integer> byBlock = Comparator.comparing(h -> firstName[block[h]], HostOrder.NATURAL);
            Arrays.sort(order, byBlock.thenComparing(natural));
        } else {
            Arrays.sort(order, natural);
        }
        return order;
    }

    private static int[] blockOf(HostLayout layout) {
        int n = layout.hostCount();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int c = 0; c < layout.contentCount(); c++) {
            int a = find(parent, layout.primaryHost(c));
            int m = layout.mirrorHost(c);
            if (m >= 0) {
                int b = find(parent, m);
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        for (int i = 0; i < n; i++) {
            parent[i] = find(parent, i);
        }
        return parent;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static int[][] mirrorsByHost(HostLayout layout) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int h = 0; h < layout.hostCount(); h++) {
            lists.add(new ArrayList<>());
        }
        for (int c = 0; c < layout.contentCount(); c++) {
            if (layout.mirrorHost(c) >= 0) {
                lists.get(layout.mirrorHost(c)).add(c);
            }
        }
        int[][] out = new int[lists.size()][];
        for (int h = 0; h < out.length; h++) {
            out[h] = lists.get(h).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** Evenly spaced hues, alternating lightness so that neighbours differ. */
    static String colour(int host, int hosts) {
        double hue = (host * 360.0 / Math.max(1, hosts) + (host % 2) * 180.0 / Math.max(1, hosts)) % 360;
        int light = host % 2 == 0 ? 78 : 66;
        return String.format(Locale.ROOT, "hsl(%.0f,65%%,%d%%)", hue, light);
    }

    private static void cell(StringBuilder sb, int x, int y, int w, String fill, boolean bad, String label, String tip) {
        sb.append("<g><title>").append(esc(tip)).append("</title><rect x=\"").append(x).append("\" y=\"").append(y)
                .append("\" width=\"").append(w).append("\" height=\"").append(ROW - 3).append("\" rx=\"3\" fill=\"")
                .append(fill).append("\" stroke=\"").append(bad ? "red" : "#555").append("\" stroke-width=\"")
                .append(bad ? 2.5 : 0.5).append("\"/>");
        if (!label.isEmpty()) {
            sb.append("<text x=\"").append(x + 4).append("\" y=\"").append(y + 14).append("\">").append(esc(label)).append("</text>");
        }
        sb.append("</g>\n");
    }

    private static void text(StringBuilder sb, int x, int y, int size, String weight, String s) {
        if (s.isEmpty()) {
            return;
        }
        sb.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"").append(size)
                .append("\" font-weight=\"").append(weight).append("\">").append(esc(s)).append("</text>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
