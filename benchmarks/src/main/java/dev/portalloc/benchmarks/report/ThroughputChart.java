package dev.portalloc.benchmarks.report;

import dev.portalloc.benchmarks.load.LoadResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code throughput.svg}: cycles per second against clients (log scale), one line per backend and
 * mode on one pool, the 64-pool rows as open circles, pgbench's rows as diamonds. Written by hand
 * (plain SVG 1.1, no scripts, no fonts beyond a generic family) so that any browser or viewer renders it.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.portalloc.benchmarks.report.ThroughputChart \
 *     [--csv benchmarks/results/throughput.csv] [--out benchmarks/results/throughput.svg]</pre>
 */
public final class ThroughputChart {
    static final int WIDTH = 820;
    static final int HEIGHT = 480;
    static final int LEFT = 80;
    static final int RIGHT = 250;
    static final int TOP = 50;
    static final int BOTTOM = 60;

    public record Point(double x, double y) {
    }

    /** A line through its points in x order. */
    public record Series(String name, String color, boolean dashed, List<Point> points) {
        public Series {
            points = points.stream().sorted(Comparator.comparingDouble(Point::x)).toList();
        }
    }

    /** A single point drawn on its own. */
    public record Marker(String name, String color, Shape shape, Point point) {
    }

    public enum Shape { DIAMOND, OPEN_DIAMOND, OPEN_CIRCLE, OPEN_SQUARE }

    private ThroughputChart() {
    }

    public static void main(String[] args) throws IOException {
        Path csv = Path.of("benchmarks/results/throughput.csv");
        Path out = Path.of("benchmarks/results/throughput.svg");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--csv" -> csv = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ThroughputChart [--csv throughput.csv] [--out throughput.svg]");
                    System.exit(2);
                }
            }
        }
        List<LoadResult> rows = ThroughputCsv.read(csv);
        if (rows.isEmpty()) {
            System.err.println("no rows in " + csv + "; nothing to chart");
            System.exit(1);
        }
        write(out, rows);
        System.out.println("wrote " + out);
    }

    public static void write(Path svg, List<LoadResult> rows) throws IOException {
        Files.createDirectories(svg.toAbsolutePath().getParent());
        Files.writeString(svg, render("portalloc: allocate + release cycles per second", seriesFrom(rows),
                markersFrom(rows)), StandardCharsets.UTF_8);
    }

    /** The one-pool rows of each backend and mode (pgbench aside), as lines. */
    static List<Series> seriesFrom(List<LoadResult> rows) {
        List<Series> series = new ArrayList<>();
        for (String backend : List.of("h2", "postgresql")) {
            for (String mode : List.of(LoadResult.IN_PROCESS, LoadResult.HTTP)) {
                List<Point> points = rows.stream()
                        .filter(r -> r.backend().equals(backend) && r.mode().equals(mode) && r.pools() == 1)
                        .map(r -> new Point(r.clients(), r.cyclesPerSecond())).toList();
                if (!points.isEmpty()) {
                    series.add(new Series((mode.equals(LoadResult.HTTP) ? "HTTP " : "in-process ")
                            + ThroughputReport.title(backend).replace(" (file database)", ""),
                            color(backend), mode.equals(LoadResult.HTTP), points));
                }
            }
        }
        return series;
    }

    /** pgbench's rows, and every many-pool row, as single points. */
    static List<Marker> markersFrom(List<LoadResult> rows) {
        List<Marker> markers = new ArrayList<>();
        for (LoadResult r : rows) {
            Point p = new Point(r.clients(), r.cyclesPerSecond());
            String pools = r.pools() == 1 ? "1 pool" : r.pools() + " pools";
            if (r.mode().equals(LoadResult.PGBENCH)) {
                markers.add(new Marker("pgbench, " + pools, "#000000",
                        r.pools() == 1 ? Shape.DIAMOND : Shape.OPEN_DIAMOND, p));
            } else if (r.pools() > 1) {
                markers.add(new Marker((r.mode().equals(LoadResult.HTTP) ? "HTTP " : "in-process ")
                        + ThroughputReport.title(r.backend()).replace(" (file database)", "") + ", " + pools,
                        color(r.backend()), r.mode().equals(LoadResult.HTTP) ? Shape.OPEN_SQUARE : Shape.OPEN_CIRCLE, p));
            }
        }
        // the legend lists pgbench, the yardstick, last
        markers.sort(Comparator.comparing(m -> m.name().startsWith("pgbench")));
        return markers;
    }

    private static String color(String backend) {
        return backend.equals("h2") ? "#1f77b4" : "#d95f02";
    }

    /** The chart as an SVG document. */
    static String render(String title, List<Series> series, List<Marker> markers) {
        TreeSet<Double> xs = new TreeSet<>();
        double maxY = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                xs.add(p.x());
                maxY = Math.max(maxY, p.y());
            }
        }
        for (Marker m : markers) {
            xs.add(m.point().x());
            maxY = Math.max(maxY, m.point().y());
        }
        if (xs.isEmpty()) {
            xs.add(1.0);
        }
        Scale scale = new Scale(xs.first(), xs.last(), niceCeiling(maxY * 1.05));

        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        text(svg, WIDTH / 2.0 - RIGHT / 2.0, 28, title, "middle", 16, "bold");

        // grid, ticks and axes
        double step = scale.yMax() / 5;
        for (int i = 0; i <= 5; i++) {
            double y = scale.y(i * step);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n",
                    (double) LEFT, y, (double) WIDTH - RIGHT, y));
            text(svg, LEFT - 8, y + 4, String.format(Locale.ROOT, "%,.0f", i * step), "end", 12, "normal");
        }
        for (double x : xs) {
            double px = scale.x(x);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n",
                    px, (double) TOP, px, (double) HEIGHT - BOTTOM));
            text(svg, px, HEIGHT - BOTTOM + 18, String.format(Locale.ROOT, "%.0f", x), "middle", 12, "normal");
        }
        svg.append(String.format(Locale.ROOT,
                "<path d=\"M %d %d V %d H %d\" fill=\"none\" stroke=\"#000000\"/>\n",
                LEFT, TOP, HEIGHT - BOTTOM, WIDTH - RIGHT));
        text(svg, LEFT + (WIDTH - RIGHT - LEFT) / 2.0, HEIGHT - 18, "clients (threads or connections, log scale)",
                "middle", 13, "normal");
        svg.append(String.format(Locale.ROOT,
                "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 %.1f)\">"
                        + "cycles per second</text>\n", TOP + (HEIGHT - TOP - BOTTOM) / 2.0,
                TOP + (HEIGHT - TOP - BOTTOM) / 2.0));

        // data
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (Point p : s.points()) {
                if (points.length() > 0) {
                    points.append(' ');
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f", scale.x(p.x()), scale.y(p.y())));
            }
            svg.append("<polyline data-series=\"").append(escape(s.name())).append("\" points=\"").append(points)
                    .append("\" fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"")
                    .append(s.dashed() ? " stroke-dasharray=\"7 4\"" : "").append("/>\n");
            for (Point p : s.points()) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>\n",
                        scale.x(p.x()), scale.y(p.y()), s.color()));
            }
        }
        for (Marker m : markers) {
            shape(svg, m.shape(), m.color(), scale.x(m.point().x()), scale.y(m.point().y()));
        }

        // legend
        double ly = TOP + 6;
        double lx = WIDTH - RIGHT + 20;
        for (Series s : series) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                    lx, ly, lx + 28, ly, s.color(), s.dashed() ? " stroke-dasharray=\"7 4\"" : ""));
            text(svg, lx + 36, ly + 4, s.name() + ", 1 pool", "start", 12, "normal");
            ly += 20;
        }
        for (Marker m : markers) {
            shape(svg, m.shape(), m.color(), lx + 14, ly);
            text(svg, lx + 36, ly + 4, m.name(), "start", 12, "normal");
            ly += 20;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void shape(StringBuilder svg, Shape shape, String color, double x, double y) {
        switch (shape) {
            case DIAMOND, OPEN_DIAMOND -> svg.append(String.format(Locale.ROOT,
                    "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                    x, y - 7, x + 7, y, x, y + 7, x - 7, y, shape == Shape.DIAMOND ? color : "#ffffff", color));
            case OPEN_CIRCLE -> svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    x, y, color));
            case OPEN_SQUARE -> svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"11\" height=\"11\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    x - 5.5, y - 5.5, color));
        }
    }

    private static void text(StringBuilder svg, double x, double y, String text, String anchor, int size, String weight) {
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\">%s</text>\n",
                x, y, anchor, size, weight, escape(text)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Five ticks of a round step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) reaching {@code value}. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double tick = value / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(tick)));
        for (double f : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (f * magnitude >= tick) {
                return f * magnitude * 5;
            }
        }
        return 10 * magnitude * 5;
    }

    /** Data to pixels: x on a log scale between the smallest and largest client count, y linear from 0. */
    record Scale(double xMin, double xMax, double yMax) {

        double x(double value) {
            double width = WIDTH - RIGHT - LEFT;
            if (xMax <= xMin) {
                return LEFT + width / 2;
            }
            double pad = 0.05 * width; // keep the end points off the axis
            return LEFT + pad + (Math.log(value / xMin) / Math.log(xMax / xMin)) * (width - 2 * pad);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - value / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }
}
