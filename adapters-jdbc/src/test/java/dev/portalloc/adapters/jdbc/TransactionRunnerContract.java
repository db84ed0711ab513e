package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.in.AllocatePortsCommand;
import dev.portalloc.application.port.in.AllocationResult;
import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.UseCases;
import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.AllocationShape;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolExhaustedException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import dev.portalloc.domain.ServiceName;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link JpaTransactionRunner} does on a real database: bounded retries of real lock timeouts
 * ending in {@link StoreUnavailableException} with nothing written, domain refusals and duplicate keys
 * passing through untouched, rollback, and refusal of nested transactions. Run on H2 and PostgreSQL.
 */
abstract class TransactionRunnerContract {
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(200);
    static final int MAX_ATTEMPTS = 3;
    private static final PoolName EDGE = PoolName.of("edge");

    private JdbcStore store;
    private TransactionCounters before;

    /** An empty store opened with {@link #LOCK_TIMEOUT} and {@link #MAX_ATTEMPTS}. Called before each test. */
    protected abstract JdbcStore emptyStore();

    /** Called after each test with the store {@link #emptyStore} returned. */
    protected void release(JdbcStore store) {
    }

    @BeforeEach
    final void openStore() {
        store = emptyStore();
        before = store.counters();
    }

    @AfterEach
    final void releaseStore() {
        release(store);
    }

    @Test
    void aLockHeldLongerThanEveryAttemptEndsAsUnavailableAndNothingIsWritten() throws Exception {
        addPool("edge", 10000, 10099);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        ExecutorService holderThread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> holder = holderThread.submit(() -> tx(() -> {
                Pool pool = store.pools().findAndLock(EDGE).orElseThrow();
                locked.countDown();
                await(letGo);
                pool.allocate(AllocationShape.dynamic(1, false));
                store.pools().update(pool);
                return pool.allocatedCount();
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            assertThatThrownBy(() -> tx(() -> {
                store.pools().add(pool("written-before-the-lock", 1, 10));
                Pool pool = store.pools().findAndLock(EDGE).orElseThrow();
                pool.allocate(AllocationShape.dynamic(5, false));
                store.pools().update(pool);
                return null;
            }))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(MAX_ATTEMPTS + " attempts")
                    .satisfies(e -> assertThat(e.getMessage().toLowerCase(Locale.ROOT))
                            .doesNotContain("select", "update ", "insert", "pool p"));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            // Every attempt waited the lock timeout, and no longer: the timeout applies on this backend.
            assertThat(waited).isGreaterThanOrEqualTo(LOCK_TIMEOUT.multipliedBy(MAX_ATTEMPTS).minusMillis(50));
            assertThat(waited).isLessThan(LOCK_TIMEOUT.plusSeconds(1).multipliedBy(MAX_ATTEMPTS));
            TransactionCounters after = store.counters();
            assertThat(after.retries(TransientCause.LOCK_TIMEOUT) - before.retries(TransientCause.LOCK_TIMEOUT))
                    .isEqualTo(MAX_ATTEMPTS - 1);
            assertThat(after.retries() - before.retries()).isEqualTo(MAX_ATTEMPTS - 1);
            assertThat(after.unavailable() - before.unavailable()).isEqualTo(1);
            assertThat(after.duplicateKeys()).isEqualTo(before.duplicateKeys());

            letGo.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            letGo.countDown();
            holderThread.shutdownNow();
        }
        assertThat(tx(() -> store.pools().find(PoolName.of("written-before-the-lock")))).isEmpty();
        assertThat(tx(() -> store.pools().find(EDGE)).orElseThrow().allocatedCount()).isEqualTo(1);
    }

    @Test
    void oneAttemptOnlyEndsALockTimeoutAsUnavailableAtOnce() throws Exception {
        addPool("edge", 10000, 10099);
        HeldLock held = new HeldLock(() -> store.pools().findAndLock(EDGE).orElseThrow());
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.transactions().inTransactionOnce(() -> store.pools().findAndLock(EDGE)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("after 1 attempt ");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(waited).isGreaterThanOrEqualTo(LOCK_TIMEOUT.minusMillis(50)).isLessThan(LOCK_TIMEOUT.multipliedBy(2));
            assertThat(store.counters().retries()).isEqualTo(before.retries());
            assertThat(store.counters().unavailable() - before.unavailable()).isEqualTo(1);
        } finally {
            held.release();
        }
    }

    @Test
    void aLockIsWaitedForWhileItIsHeldShorterThanTheTimeout() throws Exception {
        addPool("edge", 10000, 10099);
        CountDownLatch locked = new CountDownLatch(1);
        ExecutorService holderThread = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = holderThread.submit(() -> tx(() -> {
                Pool pool = store.pools().findAndLock(EDGE).orElseThrow();
                locked.countDown();
                sleep(LOCK_TIMEOUT.dividedBy(4));
                pool.allocate(AllocationShape.dynamic(2, false));
                store.pools().update(pool);
                return null;
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            int allocated = tx(() -> {
                Pool pool = store.pools().findAndLock(EDGE).orElseThrow();
                pool.allocate(AllocationShape.dynamic(3, false));
                store.pools().update(pool);
                return pool.allocatedCount();
            });

            holder.get(10, TimeUnit.SECONDS);
            // It saw the holder's commit: decisions under the lock are made on the latest state.
            assertThat(allocated).isEqualTo(5);
            assertThat(store.counters().retries()).isEqualTo(before.retries());
        } finally {
            holderThread.shutdownNow();
        }
    }

    @Test
    void aPoolLockedElsewhereIsPassedOverAtOnceWithoutARetryAndTheTransactionGoesOn() throws Exception {
        addPool("edge", 10000, 10099);
        addPool("warm", 20000, 20099);
        // The first transaction of a store pays for warming up; the measured one should not.
        assertThat(tx(() -> store.pools().findAndLockIfFree(PoolName.of("warm")))).isPresent();
        HeldLock held = new HeldLock(() -> store.pools().findAndLock(EDGE).orElseThrow());
        try {
            TransactionCounters beforeSkip = store.counters();

            long start = System.nanoTime();
            String outcome = tx(() -> {
                Optional<Pool> skipped = store.pools().findAndLockIfFree(EDGE);
                // Not a failed statement: the transaction goes on and commits what it does next.
                store.pools().add(pool("after-the-skip", 1, 10));
                Pool other = store.pools().findAndLockIfFree(PoolName.of("warm")).orElseThrow();
                other.allocate(AllocationShape.dynamic(1, false));
                store.pools().update(other);
                return skipped.isPresent() ? "locked" : "skipped";
            });
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(outcome).isEqualTo("skipped");
            assertThat(took).as("no wait for the holder's lock").isLessThan(LOCK_TIMEOUT.dividedBy(2));
            assertThat(store.counters()).as("nothing retried or given up").isEqualTo(beforeSkip);
        } finally {
            held.release();
        }
        assertThat(tx(() -> store.pools().find(PoolName.of("after-the-skip")))).isPresent();
        assertThat(tx(() -> store.pools().find(PoolName.of("warm"))).orElseThrow().allocatedCount()).isEqualTo(1);
        // Free again: taken, and held for the rest of the transaction like findAndLock's.
        assertThat(tx(() -> {
            Pool pool = store.pools().findAndLockIfFree(EDGE).orElseThrow();
            return store.pools().findAndLock(EDGE).orElseThrow().range().equals(pool.range());
        })).isTrue();
    }

    @Test
    void poolsLockedTogetherAreHeldUntilTheTransactionEnds() throws Exception {
        addPool("edge", 10000, 10099);
        addPool("warm", 20000, 20099);
        HeldLock held = new HeldLock(
                () -> assertThat(store.pools().findAndLockAll(List.of(PoolName.of("warm"), EDGE))).hasSize(2));
        try {
            assertThat(tx(() -> store.pools().findAndLockIfFree(EDGE))).isEmpty();
            assertThat(tx(() -> store.pools().findAndLockIfFree(PoolName.of("warm")))).isEmpty();
        } finally {
            held.release();
        }
        assertThat(tx(() -> store.pools().findAndLockIfFree(EDGE))).isPresent();
    }

    @Test
    void lockingSeveralPoolsIfFreeLeavesOutThoseAnotherTransactionHoldsWithoutWaiting() throws Exception {
        addPool("edge", 10000, 10099);
        addPool("warm", 20000, 20099);
        addPool("cold", 30000, 30099);
        HeldLock held = new HeldLock(() -> store.pools().findAndLock(EDGE).orElseThrow());
        try {
            TransactionCounters beforeSkip = store.counters();

            long start = System.nanoTime();
            List<String> several = tx(() -> store.pools().findAndLockAllIfFree(
                    List.of(PoolName.of("warm"), EDGE, PoolName.of("cold"), PoolName.of("none"))).stream()
                    .map(pool -> pool.name().value()).toList());
            List<Pool> one = tx(() -> store.pools().findAndLockAllIfFree(List.of(EDGE)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(several).containsExactly("cold", "warm");
            assertThat(one).isEmpty();
            assertThat(took).as("no wait for the holder's lock").isLessThan(LOCK_TIMEOUT.dividedBy(2));
            assertThat(store.counters()).as("nothing retried or given up").isEqualTo(beforeSkip);
        } finally {
            held.release();
        }
        assertThat(tx(() -> store.pools().findAndLockAllIfFree(List.of(EDGE, PoolName.of("warm"))))).hasSize(2);
    }

    @Test
    void aPoolHeldElsewhereHoldsUpAllocationsOnOtherPoolsForOneLockTimeoutAtMost() throws Exception {
        addPool("edge", 10000, 10099);
        addPool("warm", 20000, 20099);
        UseCases useCases = TestUseCases.of(store, Clock.systemUTC());
        ExecutorService caller = Executors.newSingleThreadExecutor();
        HeldLock held = new HeldLock(() -> store.pools().findAndLock(EDGE).orElseThrow());
        try {
            Future<AllocationResult> waiting = caller.submit(() -> useCases.allocatePorts().allocatePorts(allocation(EDGE, "waits")));
            // Let it reach the lock and wait there.
            sleep(LOCK_TIMEOUT.dividedBy(4));

            long start = System.nanoTime();
            AllocationResult other = useCases.allocatePorts().allocatePorts(allocation(PoolName.of("warm"), "goes-on"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(other.allocation().ports()).containsExactly(20000);
            // Behind one lock timeout of the batch that waited for edge, not behind all of its attempts.
            assertThat(took).isLessThan(LOCK_TIMEOUT.multipliedBy(2));
            assertThat(waiting).as("edge's lock is still held, and waited for").isNotDone();
            held.release();
            assertThat(waiting.get(10, TimeUnit.SECONDS).allocation().ports()).containsExactly(10000);
        } finally {
            held.release();
            caller.shutdownNow();
        }
    }

    @Test
    void whileAHeldPoolHasAQueueOfItsOwnReleasesFromItHoldUpNothingElse() throws Exception {
        addPool("edge", 10000, 10099);
        addPool("warm", 20000, 20099);
        UseCases useCases = TestUseCases.of(store, Clock.systemUTC());
        Allocation earlier = useCases.allocatePorts().allocatePorts(allocation(EDGE, "earlier")).allocation();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        HeldLock held = new HeldLock(() -> store.pools().findAndLock(EDGE).orElseThrow());
        try {
            Future<AllocationResult> waiting = callers.submit(() -> useCases.allocatePorts().allocatePorts(allocation(EDGE, "waits")));
            // Past the one wait of its shared batch: edge has a queue of its own now, waiting for the lock.
            sleep(LOCK_TIMEOUT.multipliedBy(3).dividedBy(2));
            Future<?> release = callers.submit(() -> useCases.releaseAllocation().releaseAllocation(
                    new ReleaseAllocationCommand(earlier.id())));
            sleep(LOCK_TIMEOUT.dividedBy(10));

            long start = System.nanoTime();
            useCases.allocatePorts().allocatePorts(allocation(PoolName.of("warm"), "goes-on"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("not behind a wait for edge").isLessThan(LOCK_TIMEOUT.dividedBy(2));
            assertThat(release).as("waits in edge's queue").isNotDone();
            held.release();
            release.get(10, TimeUnit.SECONDS);
            assertThat(waiting.get(10, TimeUnit.SECONDS).allocation().ports()).hasSize(1);
        } finally {
            held.release();
            callers.shutdownNow();
        }
    }

    private static AllocatePortsCommand allocation(PoolName pool, String deployment) {
        return new AllocatePortsCommand(pool, DeploymentName.of(deployment), ServiceName.of("web"),
                AllocationShape.dynamic(1, false), Optional.empty(), Optional.empty());
    }

    @Test
    void aDomainRefusalPassesThroughUnchangedAndRollsBack() {
        AtomicInteger attempts = new AtomicInteger();
        PoolExhaustedException refusal = new PoolExhaustedException(EDGE, 5, 1, false);

        assertThatThrownBy(() -> tx(() -> {
            attempts.incrementAndGet();
            store.pools().add(pool("side-effect", 1, 10));
            throw refusal;
        })).isSameAs(refusal);

        assertThat(attempts).hasValue(1);
        assertThat(tx(() -> store.pools().find(PoolName.of("side-effect")))).isEmpty();
        assertThat(store.counters()).isEqualTo(before);
    }

    @Test
    void aSecondPoolOfOneNameIsADuplicateKeyAndNotRetried() {
        addPool("edge", 10000, 10099);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> tx(() -> {
            attempts.incrementAndGet();
            store.pools().add(pool("edge", 1, 10));
            return null;
        })).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("edge");

        assertThat(attempts).hasValue(1);
        assertThat(store.counters().duplicateKeys() - before.duplicateKeys()).isEqualTo(1);
        assertThat(store.counters().retries()).isEqualTo(before.retries());
    }

    @Test
    void aHeldPortAndATakenKeyAreDuplicateKeys() {
        addPool("edge", 10000, 10099);
        tx(() -> {
            store.allocations().add(allocation("a1", "dep", "web", 10001, 10002));
            return null;
        });

        assertThatThrownBy(() -> tx(() -> {
            store.allocations().add(allocation("a2", "other", "db", 10002));
            return null;
        })).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> tx(() -> {
            store.allocations().add(allocation("a3", "dep", "web", 10050));
            return null;
        })).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> tx(() -> {
            store.allocations().add(allocation("a1", "third", "web", 10060));
            return null;
        })).isInstanceOf(DuplicateKeyException.class);

        assertThat(store.counters().duplicateKeys() - before.duplicateKeys()).isEqualTo(3);
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 10050))).isEmpty();
        assertThat(tx(() -> store.allocations().findByPort(EDGE, 10060))).isEmpty();
    }

    @Test
    void aTransientFailureIsRetriedOnAFreshTransaction() {
        AtomicInteger attempts = new AtomicInteger();

        int result = tx(() -> {
            // Would be a duplicate on the second attempt if the first one were not rolled back.
            store.pools().add(pool("retried", 1, 10));
            if (attempts.incrementAndGet() == 1) {
                throw new LockAcquisitionException("deadlock", new SQLException("deadlock detected", "40P01"));
            }
            return 7;
        });

        assertThat(result).isEqualTo(7);
        assertThat(attempts).hasValue(2);
        assertThat(store.counters().retries(TransientCause.DEADLOCK) - before.retries(TransientCause.DEADLOCK))
                .isEqualTo(1);
        assertThat(tx(() -> store.pools().find(PoolName.of("retried")))).isPresent();
    }

    @Test
    void anyOtherFailurePassesThroughAtOnceAndRollsBack() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> tx(() -> {
            attempts.incrementAndGet();
            store.pools().add(pool("side-effect", 1, 10));
            throw boom;
        })).isSameAs(boom);

        assertThat(attempts).hasValue(1);
        assertThat(tx(() -> store.pools().find(PoolName.of("side-effect")))).isEmpty();
    }

    @Test
    void transactionsDoNotNestAndRepositoriesNeedOne() {
        TransactionRunner runner = store.transactions();

        assertThatThrownBy(() -> runner.inTransaction(() -> runner.inTransaction(() -> 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("do not nest");
        assertThatThrownBy(() -> store.pools().find(EDGE))
                .isInstanceOf(IllegalStateException.class);
        // The refused nesting left nothing behind on this thread.
        assertThat(runner.inTransaction(() -> 1)).isEqualTo(1);
    }

    @Test
    void readOnlyWorkReadsAndReturns() {
        addPool("edge", 10000, 10099);

        assertThat(store.transactions().readOnly(() -> store.pools().find(EDGE).orElseThrow().range()))
                .isEqualTo(PortRange.of(10000, 10099));
        assertThat(store.transactions().readOnly(() -> store.pools().findAll())).hasSize(1);
    }

    @Test
    void theStoreIsReachable() {
        assertThat(store.isReachable()).isTrue();
    }

    private <T> T tx(Supplier<T> work) {
        return store.transactions().inTransaction(work);
    }

    private void addPool(String name, int min, int max) {
        tx(() -> {
            store.pools().add(pool(name, min, max));
            return null;
        });
    }

    private static Pool pool(String name, int min, int max) {
        return Pool.create(PoolName.of(name), PortRange.of(min, max), Set.of());
    }

    private static Allocation allocation(String id, String deployment, String service, Integer... ports) {
        return new Allocation(AllocationId.of(id), EDGE, DeploymentName.of(deployment), ServiceName.of(service),
                List.of(ports), AllocationShape.dynamic(ports.length, false), Instant.parse("2026-11-27T08:00:00Z"),
                null);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not let go in time");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** A transaction on another thread that takes a lock and holds it until {@link #release}. */
    private final class HeldLock {
        private final CountDownLatch letGo = new CountDownLatch(1);
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> holder;

        HeldLock(Runnable lock) throws InterruptedException {
            CountDownLatch locked = new CountDownLatch(1);
            holder = thread.submit(() -> tx(() -> {
                lock.run();
                locked.countDown();
                await(letGo);
                return null;
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).as("the other transaction holds its lock").isTrue();
        }

        /** Lets the other transaction commit, and waits for it; again, nothing more. */
        void release() throws Exception {
            letGo.countDown();
            try {
                holder.get(10, TimeUnit.SECONDS);
            } finally {
                thread.shutdownNow();
            }
        }
    }

}
