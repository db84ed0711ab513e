package dev.portalloc.adapters.jdbc;

/**
 * The database aborted the transaction but the persistence layer did not say so where it happened:
 * Hibernate's {@code find} with a lock, on a JDBC failure, marks the transaction rollback-only and
 * returns {@code null} instead of throwing (seen when PostgreSQL restarts under a waiting lock). The
 * failure is almost always a lost connection, so it is retried as one.
 */
final class TransactionAbortedException extends RuntimeException {
    TransactionAbortedException(String message) {
        super(message);
    }
}
