package dev.portalloc.benchmarks.load;

import java.util.List;
import java.util.stream.IntStream;

/** The pools every load run uses: {@code bench-1..bench-N}, each 20000-29999, so that no run ever exhausts one. */
public final class BenchPools {
    public static final int MIN_PORT = 20_000;
    public static final int MAX_PORT = 29_999;
    /**
     * Allocations each pool holds through the whole run, as a platform's pools hold the ports of its running
     * containers. Besides realism, they give PostgreSQL's planner the statistics of tables in use: over tables
     * it believes empty, it plans a key's look-up as a scan of the pool's whole index, and keeps that plan.
     */
    public static final int HELD_PER_POOL = 1_000;

    private BenchPools() {
    }

    /** {@code bench-1} .. {@code bench-count}. */
    public static List<String> names(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1 (got " + count + ")");
        }
        return IntStream.rangeClosed(1, count).mapToObj(i -> "bench-" + i).toList();
    }
}
