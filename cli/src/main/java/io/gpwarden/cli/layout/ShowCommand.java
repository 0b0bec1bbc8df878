package io.gpwarden.cli.layout;

import io.gpwarden.cli.ExitCodes;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.io.ClusterSource;
import io.gpwarden.layout.render.LayoutHtml;
import io.gpwarden.layout.render.LayoutSvg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code gpwarden layout show}: the layout as a picture (SVG) and a report page (HTML). */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Draws the layout: hosts as columns, primaries and mirrors as cells, each cell coloured by the host"
                + " of its primary and naming where its mirror (or primary) is, so where each host's mirrors went shows"
                + " at a glance. --html adds the check report and a host-to-hosts table."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:input could not be read or output written", "2:bad input"})
final class ShowCommand extends LayoutSubcommand {
    @Option(names = "--svg", paramLabel = "FILE", description = "Write the SVG picture here.")
    Path svg;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here.")
    Path html;

    @Override
    int execute() {
        ClusterSource.Input input = options.readInput();
        CheckReport report = LayoutCheck.check(input.cluster(), new CheckOptions(input.cluster().segmentHosts().size() <= 2000,
                List.of(), null, 0));
        OutputFiles files = new OutputFiles();
        if (svg != null) {
            files.add(svg, LayoutSvg.render(input.cluster(), report));
        }
        if (html != null) {
            files.add(html, LayoutHtml.render(input.cluster(), report));
        }
        if (svg == null && html == null) {
            emit(LayoutSvg.render(input.cluster(), report));
            return ExitCodes.OK;
        }
        files.writeAll();
        summary().println("Layout " + report.shape().describe() + ": wrote " + (svg == null ? "" : svg)
                + (svg != null && html != null ? " and " : "") + (html == null ? "" : html));
        summary().flush();
        return ExitCodes.OK;
    }
}
