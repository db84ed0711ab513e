package dev.portalloc.benchmarks.load;

import java.time.Duration;
import java.util.Locale;

/**
 * Load on a JVM before its first measured row until its JIT compiler has settled. On a small machine a
 * server under load keeps compiling for a minute or more, and the compiler then competes with the
 * requests for the cores: a row measured meanwhile measures the compiler too. Every JVM that serves
 * measured load (the suite's own for the in-process rows, the server for the HTTP rows) goes through
 * this once per backend, so both sides of a ratio are measured warm.
 */
final class JitWarmup {
    /** Load runs in windows of this length; after each the compiler's work in it is checked. */
    static final Duration WINDOW = Duration.ofSeconds(5);
    /** Settled: the compiler worked less than this share of a window's wall time. */
    static final double SETTLED_SHARE = 0.02;

    /** The JVM's total compilation time so far. */
    @FunctionalInterface
    interface CompileClock {
        Duration total() throws Exception;
    }

    /** One window of load; {@code window} counts from 0. */
    @FunctionalInterface
    interface Load {
        LoadResult run(int window, Duration length) throws Exception;
    }

    /**
     * How the warm-up ended: load time in whole windows, the compiler's time during the warm-up and in
     * its last window, and the failed cycles of all windows.
     */
    record Outcome(Duration loaded, Duration compileTime, Duration lastWindowCompileTime, long errors,
                   boolean settled) {
        String describe() {
            return String.format(Locale.ROOT, "%s after %.0f s of load (compiler %.1f s during it, %.2f s in the last"
                            + " %.0f s window; %d failed cycles)", settled ? "JIT settled" : "JIT still compiling, warm-up cut",
                    BenchmarkSuite.seconds(loaded), BenchmarkSuite.seconds(compileTime),
                    BenchmarkSuite.seconds(lastWindowCompileTime), BenchmarkSuite.seconds(WINDOW), errors);
        }
    }

    private JitWarmup() {
    }

    /**
     * Runs {@code load} window after window until one in which the compiler worked less than
     * {@link #SETTLED_SHARE} of it and every cycle succeeded, or until the windows add up to
     * {@code max} (rounded up to a whole window; at least one window runs). A window without a single
     * successful cycle proves nothing about the compiler, so it never ends the warm-up.
     */
    static Outcome run(CompileClock clock, Load load, Duration max) throws Exception {
        Duration start = clock.total();
        Duration before = start;
        Duration last;
        Duration loaded = Duration.ZERO;
        Duration quiet = Duration.ofNanos(Math.round(WINDOW.toNanos() * SETTLED_SHARE));
        long errors = 0;
        int window = 0;
        boolean settled;
        do {
            LoadResult result = load.run(window++, WINDOW);
            errors += result.errors();
            loaded = loaded.plus(WINDOW);
            Duration after = clock.total();
            last = after.minus(before);
            before = after;
            settled = last.compareTo(quiet) < 0 && result.errors() == 0 && result.cycles() > 0;
        } while (!settled && loaded.compareTo(max) < 0);
        return new Outcome(loaded, before.minus(start), last, errors, settled);
    }
}
