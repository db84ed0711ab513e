package dev.portalloc.benchmarks.report;

import dev.portalloc.benchmarks.load.LoadResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code throughput.csv}: one row per (backend, mode, pools, clients). Runs merge into the file, a new
 * measurement replacing the old one of the same key, so the suite may be run per backend or per mode
 * and the file still holds the whole picture. Empty cells are figures the tool does not report.
 */
public final class ThroughputCsv {
    public static final String HEADER = "backend,mode,pools,clients,cycles_per_s,alloc_p50_us,alloc_p99_us,"
            + "release_p50_us,release_p99_us,errors,seconds,cycles,cycle_mean_us";

    private ThroughputCsv() {
    }

    /** Order of the rows: backend, then in-process, pgbench, http, then pools, then clients. */
    public static final Comparator<LoadResult> ROW_ORDER = Comparator.comparing(LoadResult::backend)
            .thenComparing(r -> modeRank(r.mode()))
            .thenComparingInt(LoadResult::pools)
            .thenComparingInt(LoadResult::clients);

    private static int modeRank(String mode) {
        return switch (mode) {
            case LoadResult.IN_PROCESS -> 0;
            case LoadResult.PGBENCH -> 1;
            case LoadResult.HTTP -> 2;
            default -> 3;
        };
    }

    static String key(LoadResult r) {
        return r.backend() + "|" + r.mode() + "|" + r.pools() + "|" + r.clients();
    }

    /** The rows of the file, or none when it does not exist. */
    public static List<LoadResult> read(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return List.of();
        }
        return parse(Files.readAllLines(csv, StandardCharsets.UTF_8));
    }

    static List<LoadResult> parse(List<String> lines) {
        List<LoadResult> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        List<String> header = List.of(lines.get(0).trim().split(","));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < cells.length; i++) {
                row.put(header.get(i), cells[i].trim());
            }
            double seconds = number(row.get("seconds"));
            double rate = number(row.get("cycles_per_s"));
            long cycles = row.containsKey("cycles") && !row.get("cycles").isEmpty()
                    ? Long.parseLong(row.get("cycles")) : Math.round(rate * seconds);
            String backend = row.get("backend");
            String mode = row.get("mode");
            int pools = Integer.parseInt(row.get("pools"));
            int clients = Integer.parseInt(row.get("clients"));
            rows.add(new LoadResult(mode + " " + backend + " " + pools + "p " + clients + "c", backend, mode, clients,
                    pools, cycles, Duration.ofNanos(Math.round(seconds * 1e9)), Long.parseLong(row.get("errors")),
                    number(row.get("alloc_p50_us")), number(row.get("alloc_p99_us")),
                    number(row.get("release_p50_us")), number(row.get("release_p99_us")),
                    number(row.getOrDefault("cycle_mean_us", ""))));
        }
        return rows;
    }

    /** {@code old} with {@code fresh} merged in (same key: fresh wins), in {@link #ROW_ORDER}. */
    public static List<LoadResult> merge(List<LoadResult> old, List<LoadResult> fresh) {
        Map<String, LoadResult> byKey = new LinkedHashMap<>();
        old.forEach(r -> byKey.put(key(r), r));
        fresh.forEach(r -> byKey.put(key(r), r));
        List<LoadResult> merged = new ArrayList<>(byKey.values());
        merged.sort(ROW_ORDER);
        return merged;
    }

    public static void write(Path csv, List<LoadResult> rows) throws IOException {
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.writeString(csv, format(rows), StandardCharsets.UTF_8);
    }

    static String format(List<LoadResult> rows) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (LoadResult r : rows) {
            out.append(r.backend()).append(',').append(r.mode()).append(',').append(r.pools()).append(',')
                    .append(r.clients()).append(',').append(fixed(r.cyclesPerSecond(), 1)).append(',')
                    .append(fixed(r.allocP50Us(), 0)).append(',').append(fixed(r.allocP99Us(), 0)).append(',')
                    .append(fixed(r.releaseP50Us(), 0)).append(',').append(fixed(r.releaseP99Us(), 0)).append(',')
                    .append(r.errors()).append(',').append(fixed(r.measured().toNanos() / 1e9, 3)).append(',')
                    .append(r.cycles()).append(',').append(fixed(r.cycleMeanUs(), 0)).append('\n');
        }
        return out.toString();
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static double number(String cell) {
        return cell == null || cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }
}
