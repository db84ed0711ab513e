package dev.portalloc.benchmarks.report;

import dev.portalloc.benchmarks.load.BenchPools;
import dev.portalloc.benchmarks.load.LoadResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code throughput.md}: the machine, one table per backend, and the targets with pass or miss. */
public final class ThroughputReport {
    private ThroughputReport() {
    }

    public static void write(Path markdown, List<LoadResult> rows, MachineInfo machine, String runSettings)
            throws IOException {
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        Files.writeString(markdown, render(rows, machine, runSettings), StandardCharsets.UTF_8);
    }

    static String render(List<LoadResult> rows, MachineInfo machine, String runSettings) {
        StringBuilder md = new StringBuilder();
        md.append("# Throughput: allocate + release cycles\n\n");
        md.append("One cycle allocates one dynamic port for a deployment of its own (service `web`) in a pool ")
                .append("(`bench-1`..`bench-N`, ports 20000-29999; with several pools each cycle picks one at ")
                .append("random) and releases that allocation by id. Every pool holds ")
                .append(String.format(Locale.ROOT, "%,d", BenchPools.HELD_PER_POOL))
                .append(" allocations of one port through the whole run, as a platform's pools hold the ports of its ")
                .append("running containers. `in-process`: client threads call the use cases in the same JVM, on ")
                .append("the graph the server builds. `http`: one HTTP/1.1 keep-alive connection per client ")
                .append("against the server jar. `pgbench`: the leanest SQL form of the ")
                .append("cycle (`benchmarks/pgbench/cycle.sql`) on the same schema. Latencies are per request, ")
                .append("in microseconds; pgbench reports only the mean of a whole cycle.\n\n");
        md.append(runSettings).append("\n\n");
        md.append("## Machine\n\n").append(machine.markdownTable()).append('\n');

        for (String backend : rows.stream().map(LoadResult::backend).distinct().sorted().toList()) {
            md.append("## ").append(title(backend)).append("\n\n");
            md.append("| mode | pools | clients | cycles/s | alloc p50 | alloc p99 | release p50 | release p99 | ")
                    .append("cycle mean | errors | seconds |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (LoadResult r : rows) {
                if (!r.backend().equals(backend)) {
                    continue;
                }
                md.append("| ").append(r.mode()).append(" | ").append(r.pools()).append(" | ").append(r.clients())
                        .append(" | ").append(grouped(r.cyclesPerSecond())).append(" | ").append(us(r.allocP50Us()))
                        .append(" | ").append(us(r.allocP99Us())).append(" | ").append(us(r.releaseP50Us()))
                        .append(" | ").append(us(r.releaseP99Us())).append(" | ").append(us(r.cycleMeanUs()))
                        .append(" | ").append(r.errors()).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", r.measured().toNanos() / 1e9)).append(" |\n");
            }
            md.append('\n');
        }

        md.append("## Targets\n\n");
        md.append("Ratios of cycles per second, rounded down.\n\n");
        md.append("| target | backend | ratio | required | result |\n|---|---|---:|---:|---|\n");
        for (ThroughputTargets.Target t : ThroughputTargets.evaluate(rows)) {
            md.append("| ").append(t.what()).append(" | ").append(t.backend()).append(" | ")
                    .append(Double.isNaN(t.ratio()) ? "-" : roundedDown(t.ratio()))
                    .append(" | >= ").append(String.format(Locale.ROOT, "%.1f", t.required())).append(" | ")
                    .append(t.met().map(ok -> ok ? "pass" : "**miss**").orElse("not measured")).append(" |\n");
        }
        long errors = rows.stream().mapToLong(LoadResult::errors).sum();
        if (errors > 0) {
            md.append("\n").append(errors).append(" failed cycles in total: see the errors column; a run with ")
                    .append("errors is not a clean measurement.\n");
        }
        md.append("\n![cycles per second against clients](throughput.svg)\n");
        return md.toString();
    }

    static String title(String backend) {
        return switch (backend) {
            case "h2" -> "H2 (file database)";
            case "postgresql" -> "PostgreSQL";
            default -> backend;
        };
    }

    /** Two decimals rounded down, so that a ratio shown equal to its bound has met it (0.697 shows as 0.69). */
    static String roundedDown(double ratio) {
        // BigDecimal.valueOf takes the shortest decimal form: 0.29 stays 0.29 (0.29 * 100 would be 28.999...)
        return java.math.BigDecimal.valueOf(ratio).setScale(2, java.math.RoundingMode.FLOOR).toPlainString();
    }

    private static String grouped(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String us(double micros) {
        return Double.isNaN(micros) ? "-" : String.format(Locale.ROOT, "%,.0f", micros);
    }
}
