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

    /** Load for the given time on the window's pools. */
    @FunctionalInterface
    interface Load {
        void run(int window, Duration length) throws Exception;
    }

    /** How the warm-up ended. */
    record Outcome(Duration loaded, Duration compileTime, Duration lastWindowCompileTime, boolean settled) {
        String describe() {
            return String.format(Locale.ROOT, "%s after %.0f s of load (compiler time %.1f s in all, %.2f s in the last"
                            + " %.0f s window)", settled ? "JIT settled" : "JIT still compiling, warm-up cut", seconds(loaded),
                    seconds(compileTime), seconds(lastWindowCompileTime), seconds(WINDOW));
        }
    }

    private JitWarmup() {
    }

    /**
     * Runs {@code load} window after window until a window in which the compiler worked less than
     * {@link #SETTLED_SHARE} of it, or until {@code max} has been loaded; at least one window.
     */
    static Outcome run(CompileClock clock, Load load, Duration max) throws Exception {
        Duration loaded = Duration.ZERO;
        Duration before = clock.total();
        Duration last = Duration.ZERO;
        Duration quiet = Duration.ofNanos(Math.round(WINDOW.toNanos() * SETTLED_SHARE));
        int window = 0;
        do {
            load.run(window++, WINDOW);
            loaded = loaded.plus(WINDOW);
            Duration after = clock.total();
            last = after.minus(before);
            before = after;
            if (last.compareTo(quiet) < 0) {
                return new Outcome(loaded, after, last, true);
            }
        } while (loaded.compareTo(max) < 0);
        return new Outcome(loaded, before, last, false);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
