package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PoolNotFoundException;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;
import org.hibernate.exception.LockTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures the transaction runner retries, passes through, or reports as duplicate keys. */
class FailureClassifierTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                // Lock timeouts: PostgreSQL lock_not_available, H2's lock timeout, and the exception types.
                transientBy("PostgreSQL lock timeout", sql("55P03", 0), TransientCause.LOCK_TIMEOUT),
                transientBy("H2 lock timeout", sql("HYT00", 50200), TransientCause.LOCK_TIMEOUT),
                transientBy("H2 lock timeout by its SQLState alone", sql("HYT00", 0), TransientCause.LOCK_TIMEOUT),
                transientBy("H2 lock timeout by its error code alone", sql(null, 50200), TransientCause.LOCK_TIMEOUT),
                transientBy("Hibernate lock timeout", new LockTimeoutException("timeout", sql(null, 0)),
                        TransientCause.LOCK_TIMEOUT),
                transientBy("JPA lock timeout", new jakarta.persistence.LockTimeoutException("timeout"),
                        TransientCause.LOCK_TIMEOUT),
                transientBy("JPA pessimistic lock failure", new PessimisticLockException("locked"),
                        TransientCause.LOCK_TIMEOUT),
                // Deadlocks.
                transientBy("PostgreSQL deadlock", sql("40P01", 0), TransientCause.DEADLOCK),
                transientBy("H2 deadlock", sql("40001", 40001), TransientCause.DEADLOCK),
                transientBy("deadlock wrapped by JPA as a lock failure",
                        new PessimisticLockException("lock", new LockAcquisitionException("deadlock", sql("40P01", 0))),
                        TransientCause.DEADLOCK),
                // Serialization failures and concurrent changes.
                transientBy("PostgreSQL serialization failure", sql("40001", 0), TransientCause.SERIALIZATION),
                transientBy("H2 concurrent update", sql("90131", 90131), TransientCause.SERIALIZATION),
                transientBy("stale version", new OptimisticLockException("stale"), TransientCause.SERIALIZATION),
                // Connections lost or not to be had.
                transientBy("connection failure", sql("08006", 0), TransientCause.CONNECTION),
                transientBy("connection refused", sql("08001", 0), TransientCause.CONNECTION),
                transientBy("server shutting down", sql("57P01", 0), TransientCause.CONNECTION),
                transientBy("connection pool timeout", new SQLTransientConnectionException("pool timed out"),
                        TransientCause.CONNECTION),
                transientBy("Hibernate connection failure",
                        new JDBCConnectionException("Unable to acquire JDBC Connection",
                                new SQLTransientConnectionException("pool timed out")), TransientCause.CONNECTION),
                transientBy("a statement on a connection the pool evicted as broken",
                        wrap(new java.sql.SQLException("Connection is closed")), TransientCause.CONNECTION),
                transientBy("a transaction the database aborted without an exception where it happened",
                        new TransactionAbortedException("aborted"), TransientCause.CONNECTION),
                transientBy("deeply wrapped", wrap(wrap(wrap(sql("40P01", 0)))), TransientCause.DEADLOCK),
                // Never retried.
                notTransient("duplicate key", sql("23505", 0)),
                notTransient("foreign key violation", sql("23503", 0)),
                notTransient("check violation", sql("23514", 0)),
                notTransient("query cancelled", sql("57014", 0)),
                notTransient("undefined table", sql("42P01", 0)),
                notTransient("a bug", new IllegalStateException("boom")),
                notTransient("another SQL failure without SQLState", new java.sql.SQLException("Connection is open")),
                notTransient("domain refusal", new PoolNotFoundException(PoolName.of("edge"))),
                notTransient("duplicate key, even wrapping a transient cause",
                        new DuplicateKeyException("exists", sql("40001", 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void classifies(String description, Throwable failure, Optional<TransientCause> expected) {
        assertThat(FailureClassifier.transientCause(failure)).isEqualTo(expected);
    }

    @Test
    void duplicateKeysAreRecognisedThroughWrapping() {
        assertThat(FailureClassifier.isDuplicateKey(wrap(sql("23505", 23505)))).isTrue();
        assertThat(FailureClassifier.isDuplicateKey(new PersistenceException("flush", new ConstraintViolationException(
                "unique", sql("23505", 0), ConstraintViolationException.ConstraintKind.UNIQUE, "pool_pk")))).isTrue();
        assertThat(FailureClassifier.isDuplicateKey(new EntityExistsException("same id in this session"))).isTrue();
        assertThat(FailureClassifier.isDuplicateKey(new DuplicateKeyException("exists", null))).isTrue();

        assertThat(FailureClassifier.isDuplicateKey(wrap(sql("23503", 0)))).isFalse();
        assertThat(FailureClassifier.isDuplicateKey(new PersistenceException("flush", new ConstraintViolationException(
                "check", sql("23514", 0), ConstraintViolationException.ConstraintKind.CHECK, "pool_range_ck")))).isFalse();
        assertThat(FailureClassifier.isDuplicateKey(sql("40001", 0))).isFalse();
    }

    @Test
    void domainRefusalsAreRecognised() {
        assertThat(FailureClassifier.isDomain(new PoolNotFoundException(PoolName.of("edge")))).isTrue();
        assertThat(FailureClassifier.isDomain(new IllegalArgumentException())).isFalse();
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(FailureClassifier.transientCause(first)).isEmpty();
        assertThat(FailureClassifier.isDuplicateKey(first)).isFalse();
    }

    private static Arguments transientBy(String description, Throwable failure, TransientCause cause) {
        return Arguments.of(description, asRuntime(failure), Optional.of(cause));
    }

    private static Arguments notTransient(String description, Throwable failure) {
        return Arguments.of(description, asRuntime(failure), Optional.empty());
    }

    private static RuntimeException asRuntime(Throwable failure) {
        return failure instanceof RuntimeException runtime ? runtime : wrap(failure);
    }

    private static PersistenceException wrap(Throwable cause) {
        return new PersistenceException("wrapped", cause);
    }

    private static SQLException sql(String sqlState, int errorCode) {
        return new SQLException("reason", sqlState, errorCode);
    }
}
