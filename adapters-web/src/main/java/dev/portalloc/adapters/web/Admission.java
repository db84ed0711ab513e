package dev.portalloc.adapters.web;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many {@code /v1} requests run at once. A request over the limit waits briefly for room,
 * and only a bounded number may wait; the rest are shed at once with 503. So a flood never ties up
 * every worker thread: health checks and requests already admitted keep being served, and a caller
 * learns quickly that it should retry rather than queueing without end.
 */
final class Admission {
    private final int maxRunning;
    private final Semaphore running;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final long maxWaitNanos;

    /** Held while a request runs; closing it makes room for the next. Closing it again does nothing. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    Admission(int maxRunning, int maxWaiting, Duration maxWait) {
        this.maxRunning = maxRunning;
        // Fair, so that those who waited longest get in first.
        this.running = new Semaphore(maxRunning, true);
        this.maxWaiting = maxWaiting;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Admits the request, waiting a little if the server is full, or refuses it. */
    Permit enter() {
        try {
            // A zero-timeout tryAcquire honours fairness: it does not overtake those already waiting.
            if (running.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return permit();
            }
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                throw overloaded();
            }
            try {
                if (running.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                    return permit();
                }
            } finally {
                waiting.decrementAndGet();
            }
            throw overloaded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw overloaded();
        }
    }

    /** A place taken: given back once, however many of an answer's ends close it. */
    private Permit permit() {
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                running.release();
            }
        };
    }

    private OverloadedException overloaded() {
        return new OverloadedException("the server is already handling its limit of " + maxRunning
                + " concurrent requests; nothing was changed and retrying shortly is safe");
    }
}
