package dev.portalloc.benchmarks.load;

import java.time.Duration;
import java.util.Objects;

/**
 * What one measured phase did. Latencies are in microseconds, NaN when the tool does not report them
 * (pgbench gives only a mean per script run).
 *
 * @param label         what was run, for people reading the output
 * @param backend       {@code h2} or {@code postgresql}
 * @param mode          {@code in-process}, {@code http} or {@code pgbench}
 * @param clients       client threads (in-process, pgbench) or connections (HTTP)
 * @param pools         how many pools the cycles were spread over
 * @param cycles        complete allocate+release cycles in the measured phase
 * @param measured      length of the measured phase
 * @param errors        failed cycles in the measured phase
 * @param cycleMeanUs   mean latency of a whole cycle
 */
public record LoadResult(String label, String backend, String mode, int clients, int pools, long cycles,
                         Duration measured, long errors, double allocP50Us, double allocP99Us,
                         double releaseP50Us, double releaseP99Us, double cycleMeanUs) {
    public static final String IN_PROCESS = "in-process";
    public static final String HTTP = "http";
    public static final String PGBENCH = "pgbench";

    public LoadResult {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(measured, "measured");
        if (measured.isNegative() || measured.isZero()) {
            throw new IllegalArgumentException("measured must be positive (got " + measured + ")");
        }
    }

    public double cyclesPerSecond() {
        return cycles / (measured.toNanos() / 1e9);
    }

    /** One line for progress output. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%-42s %9.1f cycles/s  alloc p50/p99 %s/%s us  release p50/p99 %s/%s us  mean %s us  errors %d  (%d cycles in %.1f s)",
                label, cyclesPerSecond(), us(allocP50Us), us(allocP99Us), us(releaseP50Us), us(releaseP99Us),
                us(cycleMeanUs), errors, cycles, measured.toNanos() / 1e9);
    }

    private static String us(double micros) {
        return Double.isNaN(micros) ? "-" : String.format(java.util.Locale.ROOT, "%.0f", micros);
    }
}
