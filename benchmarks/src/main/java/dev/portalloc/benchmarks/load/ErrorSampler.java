package dev.portalloc.benchmarks.load;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints the first few errors of a run to stderr and counts the rest, so that a failing run is loud
 * without flooding the terminal. Thread-safe.
 */
final class ErrorSampler {
    static final int PRINTED = 5;

    private final String label;
    private final AtomicInteger seen = new AtomicInteger();

    ErrorSampler(String label) {
        this.label = label;
    }

    void report(String what) {
        if (seen.get() > PRINTED) {
            seen.incrementAndGet(); // the common case under a storm of errors: no lock
            return;
        }
        synchronized (this) { // the printed lines in order
            int n = seen.incrementAndGet();
            if (n <= PRINTED) {
                System.err.println("[" + label + "] error " + n + ": " + what);
            } else if (n == PRINTED + 1) {
                System.err.println("[" + label + "] more errors; only the count is kept from here on");
            }
        }
    }

    void report(Throwable failure) {
        report(describe(failure));
    }

    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }
}
