package io.gpwarden.layout.render;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.Layouts;
import io.gpwarden.layout.check.CheckOptions;
import io.gpwarden.layout.check.CheckReport;
import io.gpwarden.layout.check.LayoutCheck;
import io.gpwarden.layout.plan.Strategy;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutSvgTest {

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneCellPerInstanceAndGroupColumnsHoldMirrorsOfOneHost() throws Exception {
        Cluster group = Layouts.mirrored(4, 3, Strategy.GROUP, 0);
        CheckReport report = LayoutCheck.check(group, CheckOptions.DEFAULT);
        Document doc = parse(LayoutSvg.render(group, report));
        NodeList cells = doc.getElementsByTagName("g");
        assertThat(cells.getLength()).isEqualTo(24);
        // sdw2 holds the mirrors of sdw1's contents 0, 1, 2: one fill for all three, sdw1's own colour.
        Set<String> fills = new HashSet<>();
        for (int i = 0; i < cells.getLength(); i++) {
            Element g = (Element) cells.item(i);
            String tip = g.getElementsByTagName("title").item(0).getTextContent();
            if (tip.startsWith("mirror") && tip.contains(" on sdw2,")) {
                fills.add(((Element) g.getElementsByTagName("rect").item(0)).getAttribute("fill"));
            }
        }
        assertThat(fills).containsExactly(LayoutSvg.colour(0, 4));
        assertThat(doc.getDocumentElement().getTextContent()).contains("P 0 → sdw2").contains("M 0 ← sdw1");
    }

    @Test
    void largeClustersStayReadableAndWellFormed() throws Exception {
        Cluster spread = Layouts.mirrored(200, 8, Strategy.SPREAD, 0);
        String svg = LayoutSvg.render(spread, LayoutCheck.check(spread, new CheckOptions(false, java.util.List.of(), null, 0)));
        assertThat(parse(svg).getElementsByTagName("g").getLength()).isEqualTo(3200);
        assertThat(LayoutHtml.render(spread, LayoutCheck.check(spread, CheckOptions.DEFAULT)))
                .contains("<td>sdw1</td><td>sdw10 ×1, sdw100 ×1");
    }
}
