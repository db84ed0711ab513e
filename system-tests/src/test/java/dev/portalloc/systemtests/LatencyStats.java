package dev.portalloc.systemtests;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Count and nearest-rank percentiles of a set of latencies, in milliseconds. */
record LatencyStats(int count, double p50, double p90, double p99, double max) {
    static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencyStats(0, 0, 0, 0, 0);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencyStats(sorted.length, millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.90)),
                millis(percentile(sorted, 0.99)), millis(sorted[sorted.length - 1]));
    }

    static long percentile(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("p50Ms", p50);
        map.put("p90Ms", p90);
        map.put("p99Ms", p99);
        map.put("maxMs", max);
        return map;
    }
}
