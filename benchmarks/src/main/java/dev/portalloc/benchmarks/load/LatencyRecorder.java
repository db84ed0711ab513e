package dev.portalloc.benchmarks.load;

import java.util.Arrays;
import java.util.List;

/**
 * Latency samples of one thread, kept whole (a growable {@code long[]} of nanoseconds) so that
 * percentiles are exact: a 15 s run at a few thousand cycles per second is well under a million
 * samples. Not thread-safe: each load thread records into its own, and {@link #merge} combines them
 * once the threads have been joined.
 */
public final class LatencyRecorder {
    private long[] samples;
    private int size;

    public LatencyRecorder() {
        this(1024);
    }

    LatencyRecorder(int initialCapacity) {
        samples = new long[Math.max(1, initialCapacity)];
    }

    public void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[size++] = nanos;
    }

    public int count() {
        return size;
    }

    /** All samples of {@code recorders} in one recorder. */
    public static LatencyRecorder merge(List<LatencyRecorder> recorders) {
        int total = recorders.stream().mapToInt(LatencyRecorder::count).sum();
        LatencyRecorder merged = new LatencyRecorder(total);
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.samples, 0, merged.samples, merged.size, recorder.size);
            merged.size += recorder.size;
        }
        return merged;
    }

    /**
     * The nearest-rank percentile in microseconds: the smallest sample with at least {@code percent}%
     * of the samples at or below it. NaN when there are no samples.
     *
     * @param percent in (0, 100]
     */
    public double percentileMicros(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in (0, 100] (got " + percent + ")");
        }
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return sorted[Math.max(rank, 1) - 1] / 1_000.0;
    }

    /** The mean in microseconds; NaN when there are no samples. */
    public double meanMicros() {
        if (size == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += samples[i];
        }
        return sum / size / 1_000.0;
    }
}
