package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.application.port.out.StoreUnavailableException;
import dev.portalloc.application.port.out.TransactionRunner;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One EntityManager and one database transaction per call, handed to the repositories through a
 * thread-local of this instance. Transient failures (lock timeouts, deadlocks, serialization failures,
 * lost or unobtainable connections) are retried a bounded number of times with a short jittered
 * exponential backoff, then reported as {@link StoreUnavailableException}. Domain refusals and
 * {@link DuplicateKeyException} roll back and propagate unchanged, never retried.
 */
final class JpaTransactionRunner implements TransactionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JpaTransactionRunner.class);
    private static final long FIRST_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 250;

    private final EntityManagerFactory factory;
    private final Vendor vendor;
    private final Duration lockTimeout;
    private final int maxAttempts;
    private final ThreadLocal<TransactionContext> current = new ThreadLocal<>();
    private final Map<TransientCause, LongAdder> retries = new EnumMap<>(TransientCause.class);
    private final LongAdder duplicateKeys = new LongAdder();
    private final LongAdder unavailable = new LongAdder();

    JpaTransactionRunner(EntityManagerFactory factory, Vendor vendor, Duration lockTimeout, int maxAttempts) {
        this.factory = Objects.requireNonNull(factory);
        this.vendor = Objects.requireNonNull(vendor);
        JdbcSettings.requireLockTimeout(lockTimeout);
        JdbcSettings.requireAttempts(maxAttempts);
        this.lockTimeout = lockTimeout;
        this.maxAttempts = maxAttempts;
        for (TransientCause cause : TransientCause.values()) {
            retries.put(cause, new LongAdder());
        }
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return run(work, false, maxAttempts);
    }

    @Override
    public <T> T inTransactionOnce(Supplier<T> work) {
        return run(work, false, 1);
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        return run(work, true, maxAttempts);
    }

    /** The current thread's transaction, for the repositories. */
    TransactionContext current() {
        TransactionContext context = current.get();
        if (context == null) {
            throw new IllegalStateException("portalloc repositories must be used inside TransactionRunner.inTransaction");
        }
        return context;
    }

    TransactionCounters counters() {
        Map<TransientCause, Long> byCause = new EnumMap<>(TransientCause.class);
        retries.forEach((cause, count) -> byCause.put(cause, count.sum()));
        return new TransactionCounters(byCause, duplicateKeys.sum(), unavailable.sum());
    }

    private <T> T run(Supplier<T> work, boolean readOnly, int maxAttempts) {
        Objects.requireNonNull(work, "work");
        if (current.get() != null) {
            // A nested call would open a second connection and could wait on a lock its own caller holds.
            throw new IllegalStateException("portalloc transactions do not nest: this thread is already in one");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(work, readOnly);
            } catch (RuntimeException failure) {
                if (FailureClassifier.isDomain(failure)) {
                    throw failure;
                }
                if (FailureClassifier.isDuplicateKey(failure)) {
                    duplicateKeys.increment();
                    throw failure instanceof DuplicateKeyException duplicate ? duplicate
                            : new DuplicateKeyException("the change would break a uniqueness rule of the store", failure);
                }
                Optional<TransientCause> cause = FailureClassifier.transientCause(failure);
                if (cause.isEmpty()) {
                    throw failure;
                }
                if (attempt >= maxAttempts) {
                    unavailable.increment();
                    LOG.warn("Giving up a transaction after {} attempts, the last one failed with {}", attempt,
                            cause.get(), failure);
                    throw new StoreUnavailableException("the database did not complete the transaction after "
                            + attempt + " attempt" + (attempt == 1 ? "" : "s") + " (last failure: "
                            + describe(cause.get()) + "); nothing was changed", failure);
                }
                retries.get(cause.get()).increment();
                LOG.debug("Transaction attempt {} failed with {}, trying again", attempt, cause.get(), failure);
                backOff(attempt, failure);
            }
        }
    }

    private <T> T attempt(Supplier<T> work, boolean readOnly) {
        EntityManager entityManager = factory.createEntityManager();
        EntityTransaction transaction = null;
        TransactionContext context = new TransactionContext(entityManager, vendor, lockTimeout, readOnly);
        current.set(context);
        try {
            transaction = entityManager.getTransaction();
            transaction.begin();
            if (readOnly) {
                Session session = entityManager.unwrap(Session.class);
                session.setDefaultReadOnly(true);
                session.setHibernateFlushMode(FlushMode.MANUAL);
            }
            T result = work.get();
            context.runBeforeCommit();
            if (transaction.getRollbackOnly()) {
                // Something the work called failed inside the persistence layer without throwing.
                throw new TransactionAbortedException("the database aborted the transaction");
            }
            transaction.commit();
            return result;
        } catch (Throwable failure) {
            rollBack(transaction, failure);
            throw failure;
        } finally {
            current.remove();
            close(entityManager);
        }
    }

    private static void rollBack(EntityTransaction transaction, Throwable failure) {
        if (transaction == null) {
            return;
        }
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            // The connection is likely gone; the database rolls back what it had on its own.
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static void close(EntityManager entityManager) {
        try {
            entityManager.close();
        } catch (RuntimeException closeFailure) {
            LOG.debug("Closing an EntityManager failed", closeFailure);
        }
    }

    private static void backOff(int attempt, RuntimeException failure) {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 20));
        // Equal jitter: callers that failed together do not all come back together.
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting to try a transaction again; nothing was changed",
                    failure);
        }
    }

    private static String describe(TransientCause cause) {
        return switch (cause) {
            case LOCK_TIMEOUT -> "timed out waiting for a lock";
            case DEADLOCK -> "deadlock";
            case SERIALIZATION -> "concurrent change";
            case CONNECTION -> "no connection to the database";
        };
    }
}
