package dev.portalloc.benchmarks.scale;

import dev.portalloc.benchmarks.load.LoadResult;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * One try at a measured phase, with how disturbed it was. The machine is shared, so a phase during
 * which unrelated processes took a noticeable share of the CPU is repeated (a bounded number of times)
 * and the least disturbed try is the one reported; every try is listed in the report.
 *
 * @param number     1-based
 * @param load       the load's result, or null for a server start
 * @param startup    the server's startup time, or null for a load
 * @param busyBefore the machine's CPU busy share just before (see {@link MachineQuiet})
 * @param otherCpu   the share of the machine's CPU unrelated processes used during it (see {@link OtherCpu})
 * @param fromMillis when it started and ended, on {@link JstatSampler#nowMillis()}'s clock
 */
record Attempt(int number, LoadResult load, Duration startup, double busyBefore, double otherCpu, long fromMillis,
               long toMillis) {
    /** Unrelated processes taking this share of the machine or more disturb a measurement on two cores. */
    static final double DISTURBED_SHARE = 0.10;

    /** Unknown (no /proc) counts as undisturbed: nothing better can be known. */
    boolean disturbed() {
        return otherCpu >= DISTURBED_SHARE;
    }

    /** The try with the least unrelated CPU; the first among equals, and the first when none is known. */
    static Attempt leastDisturbed(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("no attempts");
        }
        return attempts.stream()
                .min(Comparator.comparingDouble(a -> Double.isNaN(a.otherCpu()) ? 0 : a.otherCpu()))
                .orElseThrow();
    }
}
