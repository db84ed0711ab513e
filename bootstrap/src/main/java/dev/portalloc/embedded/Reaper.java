package dev.portalloc.embedded;

import dev.portalloc.application.port.in.ReapExpiredAllocationsUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Releases expired allocations in the background, every interval, in bounded batches until none is
 * left. Safe to run in every instance at once: the use case releases each expired allocation once.
 */
final class Reaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    /** Allocations per pool and pools per round: bounds how long one transaction holds a pool. */
    static final int BATCH_SIZE = 500;

    private final ReapExpiredAllocationsUseCase reap;
    private final ScheduledExecutorService scheduler;

    private Reaper(ReapExpiredAllocationsUseCase reap, Duration interval) {
        this.reap = Objects.requireNonNull(reap);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portalloc-reaper");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::reapAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** @param interval positive; {@link Portalloc.Builder} checks it */
    static Reaper start(ReapExpiredAllocationsUseCase reap, Duration interval) {
        return new Reaper(reap, interval);
    }

    private void reapAll() {
        try {
            int released;
            do {
                released = reap.reapExpiredAllocations(BATCH_SIZE);
                if (released > 0) {
                    LOG.info("released {} expired allocation{}", released, released == 1 ? "" : "s");
                }
            } while (released >= BATCH_SIZE && !Thread.currentThread().isInterrupted());
        } catch (RuntimeException e) {
            // The next round tries again; a failing database is reported by readiness, not here.
            LOG.warn("reaping expired allocations failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
