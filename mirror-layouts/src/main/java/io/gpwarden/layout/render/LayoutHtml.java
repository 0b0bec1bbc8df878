package io.gpwarden.layout.render;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.HostLayout;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.io.CheckReportText;
import io.gpwarden.layout.plan.HostOrder;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A self-contained HTML page for a layout: the check report, the SVG picture, and a table of where
 * each host's mirrors went (host → hosts with counts), which is what a DBA reads first when a layout
 * is "custom".
 */
public final class LayoutHtml {
    private LayoutHtml() {
    }

    public static String render(Cluster cluster, CheckReport report) {
        HostLayout layout = HostLayout.of(cluster);
        HostLayout.Traffic traffic = layout.traffic();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Mirror layout: ")
                .append(LayoutSvg.esc(report.shape().describe())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1.5em}pre{background:#f6f6f6;padding:1em;overflow:auto}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}")
                .append(".bad{color:#b00;font-weight:bold}.svg{overflow:auto;border:1px solid #ddd}</style></head><body>\n");
        sb.append("<h1>Mirror layout: ").append(LayoutSvg.esc(report.shape().describe())).append("</h1>\n");
        sb.append(report.passed() ? "<p>All invariants hold.</p>\n"
                : "<p class=\"bad\">" + report.violations().size() + " violation(s)"
                + (report.expectedMismatch() == null ? "" : "; not the expected " + LayoutSvg.esc(report.expected()))
                + ".</p>\n");
        sb.append("<div class=\"svg\">").append(LayoutSvg.render(cluster, report)).append("</div>\n");
        sb.append("<h2>Where each host's mirrors went</h2>\n<table><tr><th>primary host</th><th>mirrors on</th></tr>\n");
        Integer[] order = new Integer[layout.hostCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(layout::host, HostOrder.NATURAL));
        for (int h : order) {
            sb.append("<tr><td>").append(LayoutSvg.esc(layout.host(h))).append("</td><td>");
            int[] ts = traffic.targets()[h];
            for (int i = 0; i < ts.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(LayoutSvg.esc(layout.host(ts[i]))).append(" ×")
                        .append(traffic.counts()[h][i]);
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>Check report</h2>\n<pre>").append(LayoutSvg.esc(CheckReportText.render(report)))
                .append("</pre>\n</body></html>\n");
        return sb.toString();
    }
}
