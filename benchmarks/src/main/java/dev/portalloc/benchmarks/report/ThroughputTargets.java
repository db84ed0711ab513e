package dev.portalloc.benchmarks.report;

import dev.portalloc.benchmarks.load.LoadResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The throughput targets, as ratios of two rows of one run: in-process against pgbench on
 * PostgreSQL (one pool: at least 3x; 64 pools: at least 1x, both at 16 clients), and HTTP against
 * in-process on the same backend, pools and client count (at least 0.7 at 16 and 64 connections).
 */
public final class ThroughputTargets {
    public static final int TARGET_CLIENTS = 16;
    public static final int MANY_POOLS = 64;

    /**
     * @param ratio NaN when one of the two rows is missing
     */
    public record Target(String what, String backend, String numerator, String denominator, double ratio,
                         double required) {
        public Optional<Boolean> met() {
            return Double.isNaN(ratio) ? Optional.empty() : Optional.of(ratio >= required);
        }
    }

    private ThroughputTargets() {
    }

    public static List<Target> evaluate(List<LoadResult> rows) {
        List<Target> targets = new ArrayList<>();
        targets.add(ratio(rows, "in-process / pgbench, 1 pool, 16 clients", "postgresql",
                LoadResult.IN_PROCESS, LoadResult.PGBENCH, 1, TARGET_CLIENTS, 3.0));
        targets.add(ratio(rows, "in-process / pgbench, 64 pools, 16 clients", "postgresql",
                LoadResult.IN_PROCESS, LoadResult.PGBENCH, MANY_POOLS, TARGET_CLIENTS, 1.0));
        for (String backend : List.of("h2", "postgresql")) {
            targets.add(ratio(rows, "HTTP / in-process, 1 pool, 16 connections", backend,
                    LoadResult.HTTP, LoadResult.IN_PROCESS, 1, 16, 0.7));
            targets.add(ratio(rows, "HTTP / in-process, 1 pool, 64 connections", backend,
                    LoadResult.HTTP, LoadResult.IN_PROCESS, 1, 64, 0.7));
            targets.add(ratio(rows, "HTTP / in-process, 64 pools, 16 connections", backend,
                    LoadResult.HTTP, LoadResult.IN_PROCESS, MANY_POOLS, TARGET_CLIENTS, 0.7));
        }
        return targets;
    }

    private static Target ratio(List<LoadResult> rows, String what, String backend, String numeratorMode,
                                String denominatorMode, int pools, int clients, double required) {
        Optional<LoadResult> numerator = find(rows, backend, numeratorMode, pools, clients);
        Optional<LoadResult> denominator = find(rows, backend, denominatorMode, pools, clients);
        double ratio = numerator.isPresent() && denominator.isPresent() && denominator.get().cyclesPerSecond() > 0
                ? numerator.get().cyclesPerSecond() / denominator.get().cyclesPerSecond() : Double.NaN;
        return new Target(what, backend, numeratorMode, denominatorMode, ratio, required);
    }

    static Optional<LoadResult> find(List<LoadResult> rows, String backend, String mode, int pools, int clients) {
        return rows.stream().filter(r -> r.backend().equals(backend) && r.mode().equals(mode) && r.pools() == pools
                && r.clients() == clients).findFirst();
    }
}
