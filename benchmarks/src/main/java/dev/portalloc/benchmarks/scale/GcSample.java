package dev.portalloc.benchmarks.scale;

/**
 * One line of {@code jstat -gc -t}: sizes in KB as jstat prints them, times in seconds. A column this
 * JDK's collector does not report (jstat prints {@code -}) or that is missing is NaN.
 *
 * @param uptimeSeconds the target JVM's uptime when sampled (the {@code Timestamp} column)
 * @param gcSeconds     total GC pause time ({@code GCT}: young + full + concurrent-cycle pauses)
 */
record GcSample(double uptimeSeconds,
                double s0cKb, double s1cKb, double s0uKb, double s1uKb,
                double ecKb, double euKb, double ocKb, double ouKb,
                long youngGcs, double youngGcSeconds, long fullGcs, double fullGcSeconds,
                long concurrentGcs, double concurrentGcSeconds, double gcSeconds) {

    /** Young and full collections so far: a change between two samples means a collection ran in between. */
    long collections() {
        return youngGcs + fullGcs;
    }

    /** GCT, or its parts when a JDK does not print the total. */
    double totalGcSeconds() {
        if (!Double.isNaN(gcSeconds)) {
            return gcSeconds;
        }
        return zeroIfNaN(youngGcSeconds) + zeroIfNaN(fullGcSeconds) + zeroIfNaN(concurrentGcSeconds);
    }

    double oldUsedMb() {
        return ouKb / 1024.0;
    }

    /** Survivors + eden + old: everything live or not yet collected. */
    double heapUsedMb() {
        return (zeroIfNaN(s0uKb) + zeroIfNaN(s1uKb) + zeroIfNaN(euKb) + zeroIfNaN(ouKb)) / 1024.0;
    }

    double heapCommittedMb() {
        return (zeroIfNaN(s0cKb) + zeroIfNaN(s1cKb) + zeroIfNaN(ecKb) + zeroIfNaN(ocKb)) / 1024.0;
    }

    private static double zeroIfNaN(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
