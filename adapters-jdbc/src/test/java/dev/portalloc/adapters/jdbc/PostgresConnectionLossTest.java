package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;
import dev.portalloc.domain.PortRange;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection lost while it waits for a pool's lock (PostgreSQL restarting, an operator terminating the
 * backend) is a transient failure to retry, never "no such pool": Hibernate's locking find swallows that
 * error and returns nothing, which the adapter must not take at its word.
 */
final class PostgresConnectionLossTest {
    private static final PoolName POOL = PoolName.of("edge");

    @Test
    void aWaitingLockWhoseConnectionIsTerminatedIsRetriedNotReportedAsAMissingPool() throws Exception {
        try (JdbcStore store = JdbcStore.open(PostgresTestDatabase.settings()
                .withLockTimeout(Duration.ofSeconds(20)).withMaxAttempts(5))) {
            PostgresTestDatabase.truncate(store);
            TransactionRunner transactions = store.transactions();
            transactions.inTransaction(() -> {
                store.pools().add(Pool.create(POOL, PortRange.of(10000, 10009), Set.of()));
                return null;
            });
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transactions.inTransaction(() -> {
                store.pools().findAndLock(POOL).orElseThrow();
                holding.countDown();
                await(release);
                return null;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            // As a service does: no pool means PoolNotFoundException, which is never retried.
            CompletableFuture<Pool> waiter = CompletableFuture.supplyAsync(() -> transactions.inTransaction(
                    () -> store.pools().findAndLock(POOL).orElseThrow(() -> new PoolNotFoundException(POOL))));

            terminateABackendWaitingForALock();
            release.countDown();

            assertThat(waiter.get(30, TimeUnit.SECONDS).name()).as("the pool, found on a later attempt").isEqualTo(POOL);
            holder.get(10, TimeUnit.SECONDS);
            assertThat(store.counters().retries(TransientCause.CONNECTION)).isPositive();
        }
    }

    private static void terminateABackendWaitingForALock() throws Exception {
        try (Connection admin = DriverManager.getConnection(PostgresTestDatabase.url())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
                     ResultSet terminated = terminate.executeQuery()) {
                    if (terminated.next()) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no backend was waiting for the pool's lock");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
