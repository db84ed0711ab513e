package dev.portalloc.adapters.jdbc;

import java.time.Duration;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * One load thread of a concurrency test: waits for the common start, then takes seeded random steps
 * until its time or step budget runs out. A step that throws is recorded as unexpected.
 *
 * @param <T> what the worker reports when it is done
 */
abstract class TimedWorker<T> implements Callable<T> {
    protected final Random random;
    private final CountDownLatch start;
    private final Duration runTime;
    private final int maxSteps;
    private final Queue<Throwable> unexpected;
    private final boolean stopOnFailure;

    /**
     * @param stopOnFailure whether the first unexpected failure ends this worker (otherwise it goes on,
     *                      so that one failure does not hide what the rest of the run would show)
     */
    TimedWorker(long seed, CountDownLatch start, Duration runTime, int maxSteps, Queue<Throwable> unexpected,
                boolean stopOnFailure) {
        this.random = new Random(seed);
        this.start = start;
        this.runTime = runTime;
        this.maxSteps = maxSteps;
        this.unexpected = unexpected;
        this.stopOnFailure = stopOnFailure;
    }

    @Override
    public final T call() throws InterruptedException {
        start.await();
        long deadline = System.nanoTime() + runTime.toNanos();
        for (int i = 0; i < maxSteps && System.nanoTime() < deadline; i++) {
            try {
                step(random.nextInt(100));
            } catch (RuntimeException | AssertionError failure) {
                unexpected.add(failure);
                if (stopOnFailure) {
                    break;
                }
            }
        }
        return result();
    }

    /** One operation, chosen by a roll of 0..99. */
    protected abstract void step(int dice);

    protected abstract T result();
}
