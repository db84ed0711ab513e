package dev.portalloc.adapters.host;

import dev.portalloc.application.inmemory.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class CachedTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void loadsOncePerWindow() {
        Cached<Integer> cached = new Cached<>(Duration.ofSeconds(1), clock, loads::incrementAndGet);

        assertThat(cached.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(999));
        assertThat(cached.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(cached.get()).isEqualTo(2);
        assertThat(cached.get()).isEqualTo(2);
    }

    @Test
    void aClockGoingBackwardsDoesNotStretchTheWindow() {
        Cached<Integer> cached = new Cached<>(Duration.ofSeconds(1), clock, loads::incrementAndGet);

        cached.get();
        clock.advance(Duration.ofHours(-1));

        assertThat(cached.get()).isEqualTo(2);
    }

    @Test
    void zeroFreshnessLoadsOnEveryCall() {
        Cached<Integer> cached = new Cached<>(Duration.ZERO, clock, loads::incrementAndGet);

        assertThat(List.of(cached.get(), cached.get(), cached.get())).containsExactly(1, 2, 3);
    }

    @Test
    void refusesANegativeWindow() {
        assertThatThrownBy(() -> new Cached<>(Duration.ofMillis(-1), clock, loads::incrementAndGet))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Even with no freshness at all, callers that arrive during a load take its result. */
    @Test
    void concurrentCallersShareOneLoad() throws Exception {
        int callers = 8;
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Cached<Integer> cached = new Cached<>(Duration.ZERO, Clock.systemUTC(), () -> {
            loading.countDown();
            await(finish);
            return loads.incrementAndGet();
        });
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Thread> threads = new ArrayList<>();
        try {
            Future<Integer> first = pool.submit(() -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread());
                }
                return cached.get();
            });
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 1; i < callers; i++) {
                others.add(pool.submit(() -> {
                    synchronized (threads) {
                        threads.add(Thread.currentThread());
                    }
                    return cached.get();
                }));
            }
            waitUntilAllParked(threads, callers);
            finish.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            for (Future<Integer> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(loads).hasValue(1);
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    private static void waitUntilAllParked(List<Thread> threads, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (threads) {
                if (threads.size() == expected
                        && threads.stream().allMatch(CachedTest::isWaiting)) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("callers did not all wait for the load");
    }

    private static boolean isWaiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
