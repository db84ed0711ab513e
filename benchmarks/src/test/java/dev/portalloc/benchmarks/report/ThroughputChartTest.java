package dev.portalloc.benchmarks.report;

import dev.portalloc.benchmarks.load.LoadResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.portalloc.benchmarks.report.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

class ThroughputChartTest {
    private static final List<LoadResult> ROWS = List.of(
            row("h2", LoadResult.IN_PROCESS, 1, 1, 500), row("h2", LoadResult.IN_PROCESS, 1, 4, 1500),
            row("h2", LoadResult.IN_PROCESS, 1, 16, 2500), row("h2", LoadResult.IN_PROCESS, 1, 64, 2600),
            row("h2", LoadResult.IN_PROCESS, 64, 16, 2000),
            row("h2", LoadResult.HTTP, 1, 1, 300), row("h2", LoadResult.HTTP, 1, 16, 1800),
            row("postgresql", LoadResult.IN_PROCESS, 1, 1, 400), row("postgresql", LoadResult.IN_PROCESS, 1, 16, 3000),
            row("postgresql", LoadResult.PGBENCH, 1, 16, 900), row("postgresql", LoadResult.PGBENCH, 64, 16, 3100),
            row("postgresql", LoadResult.HTTP, 1, 64, 2000), row("postgresql", LoadResult.HTTP, 64, 16, 1900));

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<double[]> points(Element polyline) {
        List<double[]> points = new ArrayList<>();
        for (String pair : polyline.getAttribute("points").trim().split("\\s+")) {
            String[] xy = pair.split(",");
            points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return points;
    }

    @Test
    void isWellFormedSvgWithOnePolylinePerSeries() throws Exception {
        List<ThroughputChart.Series> series = ThroughputChart.seriesFrom(ROWS);
        Document svg = parse(ThroughputChart.render("t", series, ThroughputChart.markersFrom(ROWS)));

        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        NodeList polylines = svg.getElementsByTagNameNS("*", "polyline");
        assertThat(series).extracting(ThroughputChart.Series::name)
                .containsExactly("in-process H2", "HTTP H2", "in-process PostgreSQL", "HTTP PostgreSQL");
        assertThat(polylines.getLength()).isEqualTo(4);
        assertThat(((Element) polylines.item(0)).getAttribute("data-series")).isEqualTo("in-process H2");
        assertThat(points((Element) polylines.item(0))).hasSize(4);
        assertThat(points((Element) polylines.item(3))).hasSize(1);
    }

    @Test
    void moreClientsIsFurtherRightAndMoreCyclesIsHigher() throws Exception {
        // rates rise then fall, so both directions of y are exercised
        List<ThroughputChart.Series> series = List.of(new ThroughputChart.Series("s", "#000000", false, List.of(
                new ThroughputChart.Point(64, 200), new ThroughputChart.Point(1, 100),
                new ThroughputChart.Point(16, 400), new ThroughputChart.Point(4, 300))));
        Element line = (Element) parse(ThroughputChart.render("t", series, List.of()))
                .getElementsByTagNameNS("*", "polyline").item(0);
        List<double[]> p = points(line);

        // sorted by clients: 1, 4, 16, 64
        for (int i = 1; i < p.size(); i++) {
            assertThat(p.get(i)[0]).isGreaterThan(p.get(i - 1)[0]);
        }
        // log scale: 1 -> 4 -> 16 -> 64 are equal steps
        assertThat(p.get(1)[0] - p.get(0)[0]).isCloseTo(p.get(3)[0] - p.get(2)[0], org.assertj.core.data.Offset.offset(0.2));
        // SVG y grows downwards: 100 < 300 < 400 cycles/s means y(100) > y(300) > y(400), and y(200) between
        assertThat(p.get(0)[1]).isGreaterThan(p.get(3)[1]);
        assertThat(p.get(3)[1]).isGreaterThan(p.get(1)[1]);
        assertThat(p.get(1)[1]).isGreaterThan(p.get(2)[1]);
        // everything inside the plot area
        for (double[] xy : p) {
            assertThat(xy[0]).isBetween((double) ThroughputChart.LEFT, (double) ThroughputChart.WIDTH - ThroughputChart.RIGHT);
            assertThat(xy[1]).isBetween((double) ThroughputChart.TOP, (double) ThroughputChart.HEIGHT - ThroughputChart.BOTTOM);
        }
    }

    @Test
    void marksPgbenchAndManyPoolRows() {
        List<ThroughputChart.Marker> markers = ThroughputChart.markersFrom(ROWS);

        assertThat(markers).extracting(ThroughputChart.Marker::name).containsExactlyInAnyOrder(
                "in-process H2, 64 pools", "pgbench, 1 pool", "pgbench, 64 pools", "HTTP PostgreSQL, 64 pools");
        assertThat(markers).filteredOn(m -> m.name().startsWith("pgbench"))
                .allSatisfy(m -> assertThat(m.point().x()).isEqualTo(16.0));
    }

    @Test
    void escapesText() throws Exception {
        String svg = ThroughputChart.render("a < b & \"c\"", List.of(new ThroughputChart.Series("x<y", "#000000", true,
                List.of(new ThroughputChart.Point(1, 1)))), List.of());

        assertThat(parse(svg).getDocumentElement().getTextContent()).contains("a < b & \"c\"").contains("x<y");
    }

    @Test
    void roundAxisMaximum() {
        assertThat(ThroughputChart.niceCeiling(2918)).isEqualTo(3000.0);
        assertThat(ThroughputChart.niceCeiling(5000)).isEqualTo(5000.0);
        assertThat(ThroughputChart.niceCeiling(5001)).isEqualTo(7500.0);
        assertThat(ThroughputChart.niceCeiling(42)).isEqualTo(50.0);
        assertThat(ThroughputChart.niceCeiling(0)).isEqualTo(1.0);
    }
}
