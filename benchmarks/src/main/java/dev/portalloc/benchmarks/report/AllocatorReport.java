package dev.portalloc.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code allocator.md} from JMH's JSON output of {@code AllocatorBenchmark}: ns/op per fill and shape
 * for {@code domain} and {@code reference}, and the two targets: the domain allocator at 99.9% fill
 * costs at most 2x what it costs at 0%, and the reference design at 99.9% costs at least 50x the domain.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.portalloc.benchmarks.report.AllocatorReport \
 *     --json benchmarks/results/allocator.json --out benchmarks/results/allocator.md</pre>
 */
public final class AllocatorReport {
    static final double MAX_FILL_GROWTH = 2.0;
    static final double MIN_REFERENCE_RATIO = 50.0;

    /** One JMH result: method ({@code domain}/{@code reference}) at one fill and shape. */
    record Score(String method, String fill, String shape, double nsPerOp, double error) {
    }

    private AllocatorReport() {
    }

    public static void main(String[] args) throws IOException {
        Path json = Path.of("benchmarks/results/allocator.json");
        Path out = Path.of("benchmarks/results/allocator.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: AllocatorReport [--json allocator.json] [--out allocator.md]");
                    System.exit(2);
                }
            }
        }
        List<Score> scores = parse(Files.readString(json, StandardCharsets.UTF_8));
        String md = render(scores, MachineInfo.collect(Optional.empty(), null, null));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md, StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    static List<Score> parse(String json) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(json)) {
            String benchmark = result.path("benchmark").asText();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            JsonNode metric = result.path("primaryMetric");
            String unit = metric.path("scoreUnit").asText();
            if (!unit.equals("ns/op")) {
                throw new IOException(benchmark + " is in " + unit + "; this report reads ns/op (average time)");
            }
            scores.add(new Score(method, result.path("params").path("fill").asText(),
                    result.path("params").path("shape").asText(), metric.path("score").asDouble(),
                    metric.path("scoreError").asDouble(Double.NaN)));
        }
        return scores;
    }

    static String render(List<Score> scores, MachineInfo machine) {
        Map<String, Score> byKey = new LinkedHashMap<>();
        List<String> fills = new ArrayList<>();
        List<String> shapes = new ArrayList<>();
        for (Score s : scores) {
            byKey.put(s.method() + "|" + s.fill() + "|" + s.shape(), s);
            if (!fills.contains(s.fill())) {
                fills.add(s.fill());
            }
            if (!shapes.contains(s.shape())) {
                shapes.add(s.shape());
            }
        }
        fills.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));

        StringBuilder md = new StringBuilder("# Allocator decision cost (JMH `AllocatorBenchmark`)\n\n");
        md.append("One operation = one allocation decision plus the release of the same ports, on a 10,000-port ")
                .append("pool held at a constant fill; average time per operation (lower is better). `domain` is ")
                .append("`dev.portalloc.domain.Pool`, `reference` the original design (a hash set of port strings ")
                .append("probed port by port). Compare ratios within this run, not absolute times across machines.\n\n");
        md.append("## Machine\n\n").append(machine.markdownTable()).append('\n');
        md.append("## ns/op\n\n| shape | fill % | domain | reference | reference / domain |\n|---|---:|---:|---:|---:|\n");
        for (String shape : shapes) {
            for (String fill : fills) {
                Score d = byKey.get("domain|" + fill + "|" + shape);
                Score r = byKey.get("reference|" + fill + "|" + shape);
                md.append("| ").append(shape).append(" | ").append(fill).append(" | ").append(ns(d)).append(" | ")
                        .append(ns(r)).append(" | ").append(d != null && r != null ? ratio(r.nsPerOp() / d.nsPerOp()) : "-")
                        .append(" |\n");
            }
        }
        md.append("\n## Targets\n\n| target | shape | ratio | required | result |\n|---|---|---:|---:|---|\n");
        for (String shape : shapes) {
            Score full = byKey.get("domain|99.9|" + shape);
            Score empty = byKey.get("domain|0|" + shape);
            Score reference = byKey.get("reference|99.9|" + shape);
            target(md, "domain at 99.9% / domain at 0%", shape,
                    full != null && empty != null ? full.nsPerOp() / empty.nsPerOp() : Double.NaN, "<= ", MAX_FILL_GROWTH,
                    true);
            target(md, "reference / domain at 99.9%", shape,
                    full != null && reference != null ? reference.nsPerOp() / full.nsPerOp() : Double.NaN, ">= ",
                    MIN_REFERENCE_RATIO, false);
        }
        return md.toString();
    }

    private static void target(StringBuilder md, String what, String shape, double ratio, String relation,
                               double bound, boolean atMost) {
        String result = Double.isNaN(ratio) ? "not measured"
                : (atMost ? ratio <= bound : ratio >= bound) ? "pass" : "**miss**";
        md.append("| ").append(what).append(" | ").append(shape).append(" | ")
                .append(Double.isNaN(ratio) ? "-" : towardMiss(ratio, atMost)).append(" | ").append(relation)
                .append(String.format(Locale.ROOT, "%.0f", bound)).append(" | ").append(result).append(" |\n");
    }

    private static String ns(Score s) {
        if (s == null) {
            return "-";
        }
        return Double.isNaN(s.error()) ? String.format(Locale.ROOT, "%,.1f", s.nsPerOp())
                : String.format(Locale.ROOT, "%,.1f ± %,.1f", s.nsPerOp(), s.error());
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.0fx" : "%.2fx", r);
    }

    /**
     * A target's ratio rounded toward missing it (up for an upper bound, down for a lower one), so that a
     * ratio shown equal to its bound has met it: 2.004 shows as 2.01x, 49.6 as 49x.
     */
    private static String towardMiss(double r, boolean atMost) {
        return BigDecimal.valueOf(r).setScale(r >= 10 ? 0 : 2, atMost ? RoundingMode.CEILING : RoundingMode.FLOOR)
                .toPlainString() + "x";
    }
}
