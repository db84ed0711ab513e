package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.domain.DomainException;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Sorts what a transaction attempt threw into: refusals that pass through as they are (domain rules,
 * duplicate keys), transient failures worth another attempt, and everything else. Looks through the
 * whole cause chain, because Hibernate and the JPA layer wrap driver exceptions in one another.
 */
final class FailureClassifier {
    /** How deep to follow causes; chains are short, this only guards against cycles. */
    private static final int MAX_DEPTH = 16;

    /** H2 error codes (org.h2.api.ErrorCode) that are transient. */
    private static final int H2_LOCK_TIMEOUT = 50200;
    private static final int H2_DEADLOCK = 40001;
    private static final int H2_CONCURRENT_UPDATE = 90131;

    private FailureClassifier() {
    }

    /** Whether this is a refusal by the rules, which is never retried and never wrapped. */
    static boolean isDomain(Throwable failure) {
        return failure instanceof DomainException;
    }

    /** Whether the store refused a write because it would break a uniqueness rule. */
    static boolean isDuplicateKey(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof DuplicateKeyException || t instanceof EntityExistsException) {
                return true;
            }
            if (t instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The reason another attempt may succeed, or empty when it would fail the same way. */
    static Optional<TransientCause> transientCause(Throwable failure) {
        if (isDomain(failure) || failure instanceof DuplicateKeyException) {
            return Optional.empty();
        }
        // The driver's SQLState is the most precise word (the JPA layer reports a deadlock as a
        // PessimisticLockException, for one), so it is asked first, the exception types second.
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql) {
                Optional<TransientCause> cause = bySqlState(sql.getSQLState(), sql.getErrorCode());
                if (cause.isPresent()) {
                    return cause;
                }
            }
        }
        t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            Optional<TransientCause> cause = byType(t);
            if (cause.isPresent()) {
                return cause;
            }
        }
        return Optional.empty();
    }

    private static Optional<TransientCause> byType(Throwable t) {
        if (t instanceof org.hibernate.exception.LockTimeoutException
                || t instanceof jakarta.persistence.LockTimeoutException
                || t instanceof org.hibernate.PessimisticLockException
                || t instanceof jakarta.persistence.PessimisticLockException) {
            return Optional.of(TransientCause.LOCK_TIMEOUT);
        }
        if (t instanceof LockAcquisitionException) {
            return Optional.of(TransientCause.DEADLOCK);
        }
        if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                || t instanceof TransactionAbortedException || isClosedPooledConnection(t)) {
            return Optional.of(TransientCause.CONNECTION);
        }
        if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
            return Optional.of(TransientCause.SERIALIZATION);
        }
        return Optional.empty();
    }

    /**
     * HikariCP's answer to any use of a connection it has already evicted as broken: a plain
     * SQLException without SQLState, so only its message tells it apart.
     */
    private static boolean isClosedPooledConnection(Throwable t) {
        return t instanceof SQLException sql && sql.getSQLState() == null
                && "Connection is closed".equals(sql.getMessage());
    }

    /** The driver's own word, which is the most precise one when it is there. */
    static Optional<TransientCause> bySqlState(String sqlState, int errorCode) {
        if (errorCode == H2_LOCK_TIMEOUT || "HYT00".equals(sqlState) || "55P03".equals(sqlState)) {
            return Optional.of(TransientCause.LOCK_TIMEOUT);
        }
        if ("40P01".equals(sqlState)) {
            return Optional.of(TransientCause.DEADLOCK);
        }
        if ("40001".equals(sqlState)) {
            // H2 reports a deadlock as 40001 with its own error code; PostgreSQL means a serialization failure.
            return Optional.of(errorCode == H2_DEADLOCK ? TransientCause.DEADLOCK : TransientCause.SERIALIZATION);
        }
        if (errorCode == H2_CONCURRENT_UPDATE || "90131".equals(sqlState)) {
            return Optional.of(TransientCause.SERIALIZATION);
        }
        if (sqlState != null && (sqlState.startsWith("08")
                // PostgreSQL: the server is shutting down or restarting under us.
                || sqlState.equals("57P01") || sqlState.equals("57P02") || sqlState.equals("57P03"))) {
            return Optional.of(TransientCause.CONNECTION);
        }
        return Optional.empty();
    }
}
