package dev.portalloc.benchmarks.report;

import dev.portalloc.benchmarks.load.LoadResult;

import java.time.Duration;

/** Result rows for report tests: {@code rate} cycles per second over 10 s. */
final class Rows {
    private Rows() {
    }

    static LoadResult row(String backend, String mode, int pools, int clients, double rate) {
        return new LoadResult("t", backend, mode, clients, pools, Math.round(rate * 10), Duration.ofSeconds(10), 0,
                100, 900, 110, 990, 250);
    }
}
