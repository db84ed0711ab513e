package dev.portalloc.benchmarks.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a timed jstat series into the figures of the memory target, over a measured window only (the
 * warm-up is excluded: class loading and JIT make its first seconds unrepresentative).
 */
final class GcAnalysis {
    /**
     * With fewer collections than this in the window, the old-generation series falls back to every
     * sample: a trend over two or three post-GC points says nothing.
     */
    static final int MIN_POST_GC_POINTS = 6;

    private GcAnalysis() {
    }

    /** A jstat line as received: {@code atMillis} on the benchmark's monotonic clock. */
    record TimedSample(long atMillis, GcSample sample) {
        TimedSample {
            Objects.requireNonNull(sample, "sample");
        }
    }

    /**
     * @param samples           samples in the window (first and last bound the deltas)
     * @param wallSeconds       time between the first and the last sample
     * @param gcSeconds         GC pause time between them
     * @param gcFraction        {@code gcSeconds / wallSeconds}
     * @param oldGenBasis       what {@code oldGen} holds: old gen after each collection, or every sample
     * @param oldGen            old-generation used, seconds since the first sample of the window
     */
    record Summary(int samples, double wallSeconds, double gcSeconds, double gcFraction, long youngGcs,
                   long fullGcs, long concurrentCycles, double heapUsedMaxMb, double heapCommittedMaxMb,
                   double oldUsedMinMb, double oldUsedMaxMb, String oldGenBasis,
                   List<StabilityRule.Point> oldGen, StabilityRule.Trend oldGenTrend) {
    }

    /** Fraction of wall time spent in GC pauses; NaN when no time passed. */
    static double gcFraction(double gcSeconds, double wallSeconds) {
        if (!(wallSeconds > 0)) {
            return Double.NaN;
        }
        return gcSeconds / wallSeconds;
    }

    /**
     * Summarises the samples received in [{@code fromMillis}, {@code toMillis}]. The sample just before
     * the window is used only to tell whether the first sample in it follows a collection.
     *
     * @throws IllegalArgumentException fewer than two samples in the window
     */
    static Summary analyse(List<TimedSample> all, long fromMillis, long toMillis, StabilityRule rule) {
        List<TimedSample> window = new ArrayList<>();
        TimedSample before = null;
        for (TimedSample timed : all) {
            if (timed.atMillis() < fromMillis) {
                before = timed;
            } else if (timed.atMillis() <= toMillis) {
                window.add(timed);
            }
        }
        if (window.size() < 2) {
            throw new IllegalArgumentException("need at least two jstat samples in the measured window, got "
                    + window.size());
        }
        GcSample first = window.get(0).sample();
        GcSample last = window.get(window.size() - 1).sample();
        double wall = secondsBetween(window.get(0), window.get(window.size() - 1));
        double gc = last.totalGcSeconds() - first.totalGcSeconds();

        double heapUsedMax = 0;
        double heapCommittedMax = 0;
        double oldMin = Double.POSITIVE_INFINITY;
        double oldMax = Double.NEGATIVE_INFINITY;
        List<StabilityRule.Point> afterGc = new ArrayList<>();
        List<StabilityRule.Point> every = new ArrayList<>();
        GcSample previous = before == null ? null : before.sample();
        for (TimedSample timed : window) {
            GcSample s = timed.sample();
            double at = secondsBetween(window.get(0), timed);
            heapUsedMax = Math.max(heapUsedMax, s.heapUsedMb());
            heapCommittedMax = Math.max(heapCommittedMax, s.heapCommittedMb());
            oldMin = Math.min(oldMin, s.oldUsedMb());
            oldMax = Math.max(oldMax, s.oldUsedMb());
            every.add(new StabilityRule.Point(at, s.oldUsedMb()));
            // Old gen right after a collection is the closest jstat gets to "retained" memory: between
            // collections it also holds what was promoted and is already garbage.
            if (previous != null && s.collections() > previous.collections()) {
                afterGc.add(new StabilityRule.Point(at, s.oldUsedMb()));
            }
            previous = s;
        }
        boolean enoughCollections = afterGc.size() >= MIN_POST_GC_POINTS;
        List<StabilityRule.Point> oldGen = enoughCollections ? afterGc : every;
        String basis = enoughCollections
                ? "old gen used at the first sample after each collection (" + afterGc.size() + " points)"
                : "old gen used at every sample (" + every.size() + " points; only " + afterGc.size()
                        + " samples followed a collection)";
        return new Summary(window.size(), wall, gc, gcFraction(gc, wall),
                last.youngGcs() - first.youngGcs(), last.fullGcs() - first.fullGcs(),
                last.concurrentGcs() - first.concurrentGcs(), heapUsedMax, heapCommittedMax, oldMin, oldMax,
                basis, List.copyOf(oldGen), rule.evaluate(oldGen));
    }

    /** By the JVM's own uptime stamps when present (exact), else by the times the lines arrived. */
    private static double secondsBetween(TimedSample from, TimedSample to) {
        double a = from.sample().uptimeSeconds();
        double b = to.sample().uptimeSeconds();
        if (!Double.isNaN(a) && !Double.isNaN(b)) {
            return b - a;
        }
        return (to.atMillis() - from.atMillis()) / 1000.0;
    }
}
